package io.continuityhub.platform.audit;

import io.continuityhub.platform.audit.AuditEvent.Outcome;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.util.List;
import java.util.Optional;
import org.springframework.http.HttpMethod;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.web.filter.OncePerRequestFilter;
import org.springframework.web.util.pattern.PathPattern;
import org.springframework.web.util.pattern.PathPatternParser;

/**
 * Audits every call of a person that changes something: claim, reply, resolve, link, merge,
 * unmerge and erasure, with its outcome (the answer's status). It sits behind the access rules,
 * so a call refused for want of a role is audited there instead ({@code authorization-refused}).
 * The target is the id in the path; bodies (a reply's text, a handle) are never read.
 */
public final class HumanActionAudit extends OncePerRequestFilter {

    private record Action(HttpMethod method, PathPattern path, String name, String category, String type) {
    }

    private static final PathPatternParser PATHS = PathPatternParser.defaultInstance;
    private static final List<Action> ACTIONS = List.of(
            new Action(HttpMethod.POST, PATHS.parse("/api/v1/escalations/{id}/claim"), "escalation-claim", "web", "change"),
            new Action(HttpMethod.POST, PATHS.parse("/api/v1/escalations/{id}/reply"), "escalation-reply", "web", "change"),
            new Action(HttpMethod.POST, PATHS.parse("/api/v1/escalations/{id}/resolve"), "escalation-resolve", "web", "change"),
            new Action(HttpMethod.POST, PATHS.parse("/api/v1/customers/{id}/handles"), "identity-link", "iam", "change"),
            new Action(HttpMethod.POST, PATHS.parse("/api/v1/customers/{id}/merges"), "identity-merge", "iam", "change"),
            new Action(HttpMethod.POST, PATHS.parse("/api/v1/merges/{id}/unmerge"), "identity-unmerge", "iam", "change"),
            new Action(HttpMethod.DELETE, PATHS.parse("/api/v1/customers/{id}"), "customer-erasure", "iam", "deletion"));

    private final AuditTrail trail;

    public HumanActionAudit(AuditTrail trail) {
        this.trail = trail;
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        Optional<Action> action = action(request);
        if (action.isEmpty()) {
            chain.doFilter(request, response);
            return;
        }
        boolean failed = true;
        try {
            chain.doFilter(request, response);
            failed = response.getStatus() >= 400;
        } finally {
            Action done = action.get();
            String path = path(request);
            Authentication who = SecurityContextHolder.getContext().getAuthentication();
            trail.record(AuditEvent.of(done.name(), done.category(), done.type(), failed ? Outcome.FAILURE : Outcome.SUCCESS)
                    .by(who == null ? null : who.getName()).from(request.getRemoteAddr())
                    .request(request.getMethod(), path)
                    .on(done.path().matchAndExtract(org.springframework.http.server.PathContainer.parsePath(path))
                            .getUriVariables().get("id"))
                    .because(failed ? "answered " + response.getStatus() : null));
        }
    }

    private static Optional<Action> action(HttpServletRequest request) {
        var path = org.springframework.http.server.PathContainer.parsePath(path(request));
        return ACTIONS.stream()
                .filter(action -> action.method().matches(request.getMethod()) && action.path().matches(path))
                .findFirst();
    }

    private static String path(HttpServletRequest request) {
        return request.getRequestURI().substring(request.getContextPath().length());
    }
}
