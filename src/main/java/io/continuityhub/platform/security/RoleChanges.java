package io.continuityhub.platform.security;

import io.continuityhub.platform.audit.AuditEvent;
import io.continuityhub.platform.audit.AuditEvent.Outcome;
import io.continuityhub.platform.audit.AuditTrail;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.stream.Collectors;
import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.context.event.EventListener;
import org.springframework.stereotype.Component;

/**
 * Roles are granted in config, so a role changes when a deployment changes it. At start-up the
 * hub compares the logins and roles it now has with the last ones the audit recorded, and audits
 * each difference ({@code role-change}: the user as target, the roles it now holds as reason,
 * {@code none} when the login is gone). Roles an identity provider grants are its own audit's.
 */
@Component
class RoleChanges {

    static final String ACTION = "role-change";
    private static final String NONE = "none";

    private final OpsProperties ops;
    private final UsersProperties users;
    private final AuditTrail audit;

    RoleChanges(OpsProperties ops, UsersProperties users, AuditTrail audit) {
        this.ops = ops;
        this.users = users;
        this.audit = audit;
    }

    @EventListener(ApplicationReadyEvent.class)
    void auditChangesSinceLastStart() {
        Map<String, String> now = new TreeMap<>();
        now.put(ops.user(), inWords(ops.roles()));
        users.users().forEach(user -> now.put(user.name(), inWords(user.roles())));
        Map<String, String> before = audit.latestReasons(ACTION);
        TreeSet<String> everyone = new TreeSet<>(now.keySet());
        everyone.addAll(before.keySet());
        for (String user : everyone) {
            String roles = now.getOrDefault(user, NONE);
            if (!roles.equals(before.getOrDefault(user, NONE))) {
                audit.record(AuditEvent.of(ACTION, "iam", "change", Outcome.SUCCESS).by("configuration").on(user).because(roles));
            }
        }
    }

    private static String inWords(java.util.List<HubRole> roles) {
        return roles.stream().map(HubRole::id).sorted().distinct().collect(Collectors.joining(","));
    }
}
