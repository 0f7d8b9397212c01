package io.continuityhub.platform.audit;

/**
 * One audited event, in the terms of the Elastic Common Schema: what happened ({@code action},
 * its {@code category} and {@code type}), whether it worked, who did it, from where, to what. The
 * target is an id (escalation, customer, merge), never a handle or a message.
 */
public record AuditEvent(String action, String category, String type, Outcome outcome, String actor,
                         String sourceIp, String method, String path, String target, String reason) {

    public enum Outcome {
        SUCCESS, FAILURE, UNKNOWN;

        String ecs() {
            return name().toLowerCase(java.util.Locale.ROOT);
        }
    }

    public static AuditEvent of(String action, String category, String type, Outcome outcome) {
        return new AuditEvent(action, category, type, outcome, null, null, null, null, null, null);
    }

    public AuditEvent by(String who) {
        return new AuditEvent(action, category, type, outcome, who, sourceIp, method, path, target, reason);
    }

    public AuditEvent from(String ip) {
        return new AuditEvent(action, category, type, outcome, actor, ip, method, path, target, reason);
    }

    public AuditEvent request(String httpMethod, String urlPath) {
        return new AuditEvent(action, category, type, outcome, actor, sourceIp, httpMethod, urlPath, target, reason);
    }

    public AuditEvent on(String id) {
        return new AuditEvent(action, category, type, outcome, actor, sourceIp, method, path, id, reason);
    }

    public AuditEvent because(String why) {
        return new AuditEvent(action, category, type, outcome, actor, sourceIp, method, path, target, why);
    }
}
