package io.continuityhub.escalation;

import io.continuityhub.kernel.HubRequestException;
import io.continuityhub.tools.ActionView;
import java.security.Principal;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/** The human escalation queue of API.md (ops login). */
@RestController
@RequestMapping("/api/v1/escalations")
class EscalationController {

    private static final Set<String> STATUSES = Set.of("open", "claimed", "resolved");

    record ReplyRequest(String text) {
    }

    record ResolveRequest(String resolution) {
    }

    private final EscalationQueue queue;
    private final EscalationReplies replies;

    EscalationController(EscalationQueue queue, EscalationReplies replies) {
        this.queue = queue;
        this.replies = replies;
    }

    @GetMapping
    List<EscalationView> list(@RequestParam(required = false) String status) {
        if (status != null && !STATUSES.contains(status)) {
            throw HubRequestException.badField("status", "'" + status + "' is not one of open, claimed, resolved");
        }
        return queue.list(status);
    }

    @GetMapping("/{escalationId}")
    EscalationView get(@PathVariable String escalationId) {
        return queue.get(escalationId);
    }

    @PostMapping("/{escalationId}/claim")
    EscalationView claim(@PathVariable String escalationId, Principal who) {
        return queue.claim(escalationId, who.getName());
    }

    @PostMapping("/{escalationId}/reply")
    Map<String, Object> reply(@PathVariable String escalationId, @RequestBody(required = false) ReplyRequest request,
                              @RequestHeader(name = "Idempotency-Key", required = false) String idempotencyKey,
                              Principal who) {
        ActionView send = replies.reply(escalationId, who.getName(), request == null ? null : request.text(), idempotencyKey);
        return Map.of("escalation", queue.get(escalationId), "reply", Map.of("idempotencyKey", send.idempotencyKey(),
                "tool", send.tool(), "status", send.status()));
    }

    @PostMapping("/{escalationId}/resolve")
    EscalationView resolve(@PathVariable String escalationId, @RequestBody(required = false) ResolveRequest request,
                           Principal who) {
        return queue.resolve(escalationId, who.getName(), request == null ? null : request.resolution());
    }
}
