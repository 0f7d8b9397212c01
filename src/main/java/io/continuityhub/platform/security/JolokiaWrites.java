package io.continuityhub.platform.security;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import jakarta.servlet.http.HttpServletRequest;
import java.io.IOException;
import java.util.Set;

/**
 * Jolokia requests that change something in the JVM: a write of an attribute or an operation
 * (stop a route, suspend a consumer). Reading, listing and searching MBeans is what Hawtio needs
 * to show the routes; anything else needs admin. A POST carries its type (or a list of them) in
 * the body, which {@link JolokiaBodies} has read before the rules run; a GET carries it in its path.
 */
final class JolokiaWrites {

    static final String BODY = JolokiaWrites.class.getName() + ".body";

    private static final Set<String> READ_ONLY_TYPES = Set.of("read", "list", "search", "version");
    private static final ObjectMapper JSON = new ObjectMapper();

    boolean matches(HttpServletRequest request) {
        String path = request.getRequestURI().substring(request.getContextPath().length());
        if (!path.startsWith("/actuator/jolokia")) {
            return false;
        }
        if ("GET".equals(request.getMethod())) {
            String operation = path.substring("/actuator/jolokia".length());
            String inQuery = request.getParameter("p");
            return !isReadOnly(firstSegment(inQuery != null ? inQuery : operation));
        }
        if (!"POST".equals(request.getMethod())) {
            return true;
        }
        Object body = request.getAttribute(BODY);
        return !(body instanceof byte[] bytes) || !onlyReads(bytes);
    }

    private static boolean onlyReads(byte[] body) {
        try {
            JsonNode requests = JSON.readTree(body);
            if (requests == null || requests.isMissingNode()) {
                return false;
            }
            Iterable<JsonNode> each = requests.isArray() ? requests : java.util.List.of(requests);
            for (JsonNode one : each) {
                if (!isReadOnly(one.path("type").asText(""))) {
                    return false;
                }
            }
            return true;
        } catch (IOException unreadable) {
            return false; // Jolokia refuses it too; an admin gets its answer, others a 403
        }
    }

    private static String firstSegment(String path) {
        String trimmed = path.startsWith("/") ? path.substring(1) : path;
        int slash = trimmed.indexOf('/');
        return slash < 0 ? trimmed : trimmed.substring(0, slash);
    }

    private static boolean isReadOnly(String type) {
        return type.isEmpty() || READ_ONLY_TYPES.contains(type.toLowerCase(java.util.Locale.ROOT));
    }
}
