package io.continuityhub.platform.security;

import jakarta.servlet.http.HttpServletRequest;
import java.util.List;
import java.util.stream.Collectors;
import org.springframework.security.web.util.matcher.RequestMatcher;

/**
 * Who may call which requests: open to all (no roles), or to any of the roles named. Rules are
 * read in order and the first that matches decides, for the filter chain and for the 403 that
 * names the role a caller lacked.
 */
record AccessRule(String description, RequestMatcher requests, List<HubRole> roles) {

    static AccessRule open(String description, RequestMatcher requests) {
        return new AccessRule(description, requests, List.of());
    }

    static AccessRule forRoles(String description, RequestMatcher requests, HubRole... roles) {
        return new AccessRule(description, requests, List.of(roles));
    }

    boolean isOpen() {
        return roles.isEmpty();
    }

    boolean matches(HttpServletRequest request) {
        return requests.matches(request);
    }

    String[] roleIds() {
        return roles.stream().map(HubRole::id).toArray(String[]::new);
    }

    /** "admin", "agent or ops": for the 403 a caller gets. */
    String rolesInWords() {
        return roles.stream().map(HubRole::id).collect(Collectors.joining(" or "));
    }
}
