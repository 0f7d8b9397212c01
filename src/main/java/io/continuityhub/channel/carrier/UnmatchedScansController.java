package io.continuityhub.channel.carrier;

import java.util.List;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;

/** {@code GET /api/v1/carrier/unmatched} (ops login): carrier scans kept until their shipment is watched. */
@RestController
class UnmatchedScansController {

    private final UnmatchedScans scans;

    UnmatchedScansController(UnmatchedScans scans) {
        this.scans = scans;
    }

    @GetMapping("/api/v1/carrier/unmatched")
    List<UnmatchedScans.UnmatchedScan> unmatched() {
        return scans.waiting();
    }
}
