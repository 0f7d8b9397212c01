package io.continuityhub.platform.security;

import java.util.Locale;

/**
 * The hub's roles (API.md): a person answering escalations, an operator who watches, an
 * administrator who changes who is who. An administrator can read what an operator reads.
 */
public enum HubRole {
    /** The escalation queue and the sessions behind it: claim, reply, resolve. */
    AGENT,
    /** Reading: the API's GETs, metrics, Hawtio and Jolokia read-only. */
    OPS,
    /** Links, merges, unmerges, erasure, Jolokia writes and operations. */
    ADMIN;

    /** The name in config, in a token's roles claim and in answers: {@code agent}, {@code ops}, {@code admin}. */
    public String id() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** Spring Security's authority for the role. */
    public String authority() {
        return "ROLE_" + id();
    }

    public static HubRole of(String id) {
        for (HubRole role : values()) {
            if (role.id().equalsIgnoreCase(id.trim())) {
                return role;
            }
        }
        throw new IllegalArgumentException("unknown role '" + id + "': the hub's roles are agent, ops and admin");
    }
}
