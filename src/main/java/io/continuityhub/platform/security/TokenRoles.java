package io.continuityhub.platform.security;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import org.springframework.core.convert.converter.Converter;
import org.springframework.security.authentication.AbstractAuthenticationToken;
import org.springframework.security.core.GrantedAuthority;
import org.springframework.security.core.authority.SimpleGrantedAuthority;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.security.oauth2.server.resource.authentication.JwtAuthenticationToken;

/**
 * The hub's roles from a bearer token's claim: a list or a space-separated string of role names
 * (agent, ops, admin; other names are ignored). A dotted claim name reaches into an object, as
 * Keycloak's {@code realm_access.roles}. The caller's name is the token's {@code preferred_username},
 * else its subject.
 */
final class TokenRoles implements Converter<Jwt, AbstractAuthenticationToken> {

    private final String[] claimPath;

    TokenRoles(String claim) {
        this.claimPath = claim.split("\\.");
    }

    @Override
    public AbstractAuthenticationToken convert(Jwt jwt) {
        String name = jwt.hasClaim("preferred_username") ? jwt.getClaimAsString("preferred_username") : jwt.getSubject();
        return new JwtAuthenticationToken(jwt, authorities(jwt), name);
    }

    private Collection<GrantedAuthority> authorities(Jwt jwt) {
        Object value = jwt.getClaims();
        for (String step : claimPath) {
            value = value instanceof Map<?, ?> object ? object.get(step) : null;
        }
        List<GrantedAuthority> granted = new ArrayList<>();
        for (String name : names(value)) {
            for (HubRole role : HubRole.values()) {
                if (role.id().equalsIgnoreCase(name)) {
                    granted.add(new SimpleGrantedAuthority(role.authority()));
                }
            }
        }
        return granted;
    }

    private static List<String> names(Object value) {
        if (value instanceof Collection<?> many) {
            return many.stream().map(String::valueOf).toList();
        }
        if (value instanceof String spaced) {
            return List.of(spaced.trim().split("\\s+"));
        }
        return List.of();
    }
}
