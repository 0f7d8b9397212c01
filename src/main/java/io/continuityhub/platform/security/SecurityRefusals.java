package io.continuityhub.platform.security;

import io.continuityhub.platform.audit.AuditEvent;
import io.continuityhub.platform.audit.AuditEvent.Outcome;
import jakarta.servlet.http.HttpServletRequest;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.AuthenticationException;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.security.web.csrf.CsrfException;

/** The audit events of a refused login and of a call refused for want of a role (or a CSRF token). */
final class SecurityRefusals {

    private SecurityRefusals() {
    }

    static AuditEvent loginRefused(HttpServletRequest request, AuthenticationException failure) {
        return AuditEvent.of("authentication-failed", "authentication", "start", Outcome.FAILURE)
                .by(claimedUser(request)).from(request.getRemoteAddr())
                .request(request.getMethod(), request.getRequestURI())
                .because(failure.getClass().getSimpleName());
    }

    static AuditEvent callRefused(HttpServletRequest request, Exception denied) {
        Authentication who = SecurityContextHolder.getContext().getAuthentication();
        String why = denied instanceof CsrfException ? "no CSRF token"
                : "needs the role " + AccessRules.deciding(request).map(AccessRule::rolesInWords).orElse("admin");
        return AuditEvent.of("authorization-refused", "web", "denied", Outcome.FAILURE)
                .by(who == null ? null : who.getName()).from(request.getRemoteAddr())
                .request(request.getMethod(), request.getRequestURI()).because(why);
    }

    /** The user name a basic-auth header claims (never its password), so repeated guesses show. */
    private static String claimedUser(HttpServletRequest request) {
        String header = request.getHeader("Authorization");
        if (header == null || !header.regionMatches(true, 0, "Basic ", 0, 6)) {
            return null;
        }
        try {
            String decoded = new String(Base64.getDecoder().decode(header.substring(6).trim()), StandardCharsets.UTF_8);
            int colon = decoded.indexOf(':');
            return colon < 0 ? null : decoded.substring(0, Math.min(colon, 64));
        } catch (IllegalArgumentException notBase64) {
            return null;
        }
    }
}
