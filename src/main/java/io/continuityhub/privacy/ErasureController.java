package io.continuityhub.privacy;

import java.security.Principal;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * {@code DELETE /api/v1/customers/{customerId}}: the data subject's erasure (role {@code admin},
 * given by the platform's security configuration). 202 with what was erased; 404 for a customer
 * the hub never knew; a repeat answers 202 again, {@code alreadyErased: true}.
 */
@RestController
@RequestMapping("/api/v1")
class ErasureController {

    private final DataSubjectErasure erasure;

    ErasureController(DataSubjectErasure erasure) {
        this.erasure = erasure;
    }

    @DeleteMapping("/customers/{customerId}")
    ResponseEntity<ErasureReport> erase(@PathVariable String customerId, Principal who) {
        return ResponseEntity.accepted().body(erasure.erase(customerId, who.getName()));
    }
}
