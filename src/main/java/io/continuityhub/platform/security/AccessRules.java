package io.continuityhub.platform.security;

import static io.continuityhub.platform.security.AccessRule.forRoles;
import static io.continuityhub.platform.security.AccessRule.open;
import static io.continuityhub.platform.security.HubRole.ADMIN;
import static io.continuityhub.platform.security.HubRole.AGENT;
import static io.continuityhub.platform.security.HubRole.OPS;

import jakarta.servlet.http.HttpServletRequest;
import java.util.List;
import java.util.Optional;
import org.springframework.http.HttpMethod;
import org.springframework.security.web.servlet.util.matcher.PathPatternRequestMatcher;
import org.springframework.security.web.util.matcher.AnyRequestMatcher;
import org.springframework.security.web.util.matcher.OrRequestMatcher;
import org.springframework.security.web.util.matcher.RequestMatcher;

/**
 * The role matrix of API.md, in one ordered list: agents work the escalation queue and read
 * sessions; ops read everything (an admin too, through the role hierarchy); admins change who is
 * who, erase, and write over Jolokia. Anything not listed needs admin, so a new endpoint is
 * closed until someone decides who may call it.
 */
final class AccessRules {

    private static final PathPatternRequestMatcher.Builder PATHS = PathPatternRequestMatcher.withDefaults();

    private static final List<AccessRule> RULES = List.of(
            open("health probes, info and the error page",
                    any(get("/actuator/health/**"), get("/actuator/info"), path("/error"))),
            // published front-end libraries (mermaid for the sequence page): no data of the hub's,
            // and a browser does not reliably send the page's basic login for a script elsewhere
            open("published front-end libraries", get("/webjars/**")),
            forRoles("working the escalation queue", any(
                    post("/api/v1/escalations/*/claim"), post("/api/v1/escalations/*/reply"),
                    post("/api/v1/escalations/*/resolve"), get("/inbox"), get("/inbox/**")), AGENT),
            forRoles("reading escalations and sessions", any(
                    get("/api/v1/escalations"), get("/api/v1/escalations/**"), get("/api/v1/customers/*/session"),
                    get("/api/v1/sessions/**")), AGENT, OPS),
            forRoles("changing identities and erasing personal data", any(
                    post("/api/v1/customers/*/handles"), post("/api/v1/customers/*/merges"),
                    post("/api/v1/merges/*/unmerge"), PATHS.matcher(HttpMethod.DELETE, "/api/v1/customers/**")), ADMIN),
            forRoles("Jolokia writes and operations", new JolokiaWrites()::matches, ADMIN),
            forRoles("reading the API, metrics, Hawtio and Jolokia", any(
                    get("/api/**"), get("/actuator/**"), path("/actuator/hawtio/**"),
                    PATHS.matcher(HttpMethod.POST, "/actuator/jolokia"), PATHS.matcher(HttpMethod.POST, "/actuator/jolokia/**")),
                    OPS),
            forRoles("anything else", AnyRequestMatcher.INSTANCE, ADMIN));

    private AccessRules() {
    }

    static List<AccessRule> all() {
        return RULES;
    }

    /** The rule that decides a request: the first that matches (the last matches everything). */
    static Optional<AccessRule> deciding(HttpServletRequest request) {
        return RULES.stream().filter(rule -> rule.matches(request)).findFirst();
    }

    private static RequestMatcher get(String pattern) {
        return PATHS.matcher(HttpMethod.GET, pattern);
    }

    private static RequestMatcher post(String pattern) {
        return PATHS.matcher(HttpMethod.POST, pattern);
    }

    private static RequestMatcher path(String pattern) {
        return PATHS.matcher(pattern);
    }

    private static RequestMatcher any(RequestMatcher... matchers) {
        return new OrRequestMatcher(matchers);
    }
}
