package io.continuityhub.platform.security;

import io.continuityhub.platform.ApiError;
import io.continuityhub.platform.audit.AuditTrail;
import io.continuityhub.platform.audit.HumanActionAudit;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.core.userdetails.User;
import org.springframework.security.core.userdetails.UserDetails;
import org.springframework.security.core.userdetails.UserDetailsService;
import org.springframework.security.access.hierarchicalroles.RoleHierarchy;
import org.springframework.security.access.hierarchicalroles.RoleHierarchyImpl;
import org.springframework.security.oauth2.jwt.JwtDecoder;
import org.springframework.security.web.access.AccessDeniedHandler;
import org.springframework.security.web.access.intercept.AuthorizationFilter;
import org.springframework.beans.factory.ObjectProvider;
import java.util.ArrayList;
import java.util.List;
import org.springframework.security.crypto.factory.PasswordEncoderFactories;
import org.springframework.security.crypto.password.PasswordEncoder;
import org.springframework.security.provisioning.InMemoryUserDetailsManager;
import org.springframework.security.web.AuthenticationEntryPoint;
import org.springframework.security.web.SecurityFilterChain;
import org.springframework.security.web.authentication.www.BasicAuthenticationFilter;
import org.springframework.security.web.csrf.CookieCsrfTokenRepository;
import org.springframework.security.web.csrf.CsrfException;
import org.springframework.security.web.csrf.CsrfToken;
import org.springframework.security.web.csrf.CsrfTokenRequestAttributeHandler;
import org.springframework.security.web.servlet.util.matcher.PathPatternRequestMatcher;
import org.springframework.security.web.util.matcher.AndRequestMatcher;
import org.springframework.web.filter.OncePerRequestFilter;
import jakarta.servlet.FilterChain;
import org.springframework.core.annotation.Order;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;

/**
 * Who may call what. Channels authenticate themselves on their own terms (webhook signatures,
 * the touchpoint bearer token, checked in their routes); the read/operate API, Hawtio and
 * Jolokia need a login with a role ({@link AccessRules}): basic auth with a user from config, or
 * a JWT bearer token when an identity provider is configured. (The sandbox, outside the product,
 * brings its own open chain.)
 */
@Configuration(proxyBeanMethods = false)
class SecurityConfiguration {

    /**
     * The channels' ingress: each checks its caller in its route (signature, bearer token), so
     * Spring Security only keeps its response headers here: no basic-auth, CSRF, session or
     * request-cache filters run on the one path that carries every message.
     */
    @Bean
    @Order(1)
    SecurityFilterChain channelIngress(HttpSecurity http) throws Exception {
        // no authorisation rule, so no authorisation filter: every caller reaches its route, which decides
        http.securityMatcher("/webhooks/**", "/api/v1/touchpoints")
                .csrf(csrf -> csrf.disable())
                .requestCache(cache -> cache.disable())
                .securityContext(context -> context.disable())
                .anonymous(anonymous -> anonymous.disable())
                .logout(logout -> logout.disable())
                .servletApi(servletApi -> servletApi.disable())
                .exceptionHandling(errors -> errors.disable())
                .sessionManagement(sessions -> sessions.disable());
        return http.build();
    }

    @Bean
    @Order(2)
    SecurityFilterChain hubSecurity(HttpSecurity http, AuthenticationEntryPoint jsonEntryPoint,
            AccessDeniedHandler namingTheRole, ObjectProvider<JwtDecoder> bearerTokens, UsersProperties users,
            AuditTrail audit)
            throws Exception {
        http.authorizeHttpRequests(requests -> {
                    for (AccessRule rule : AccessRules.all()) {
                        var matched = requests.requestMatchers(rule.requests());
                        if (rule.isOpen()) {
                            matched.permitAll();
                        } else {
                            matched.hasAnyRole(rule.roleIds());
                        }
                    }
                })
                .httpBasic(basic -> basic.authenticationEntryPoint(jsonEntryPoint).realmName("continuity-hub"))
                .exceptionHandling(errors -> errors.authenticationEntryPoint(jsonEntryPoint).accessDeniedHandler(namingTheRole))
                // API clients authenticate every call and hold no session to ride on; the Hawtio
                // console gets a cookie token it echoes in a header (Spring Security's SPA mode).
                // A browser's call to the API (the agent's inbox page) echoes it too: a browser
                // resends a basic login it remembers, so without the token a page elsewhere could
                // make a logged-in agent's browser claim, reply or resolve (browsers name the
                // Origin of every POST; scripts and integrations send none and need no token).
                .csrf(csrf -> csrf
                        .csrfTokenRepository(CookieCsrfTokenRepository.withHttpOnlyFalse())
                        .csrfTokenRequestHandler(new CsrfTokenRequestAttributeHandler())
                        .ignoringRequestMatchers(new AndRequestMatcher(
                                PathPatternRequestMatcher.withDefaults().matcher("/api/**"),
                                request -> request.getHeader(HttpHeaders.ORIGIN) == null)))
                .addFilterAfter(new CsrfCookieWriter(), BasicAuthenticationFilter.class)
                .addFilterBefore(new JolokiaBodies(), AuthorizationFilter.class)
                .addFilterAfter(new HumanActionAudit(audit), AuthorizationFilter.class);
        // an enterprise's identity provider: JWT bearer tokens, the hub's roles read from a claim
        JwtDecoder decoder = bearerTokens.getIfAvailable();
        if (decoder != null) {
            http.oauth2ResourceServer(resourceServer -> resourceServer
                    .authenticationEntryPoint(jsonEntryPoint)
                    .accessDeniedHandler(namingTheRole)
                    .jwt(jwt -> jwt.decoder(decoder).jwtAuthenticationConverter(new TokenRoles(users.oidc().rolesClaim()))));
        }
        return http.build();
    }

    /** Writes the XSRF-TOKEN cookie on every response, so the console has a token before its first POST. */
    private static final class CsrfCookieWriter extends OncePerRequestFilter {
        @Override
        protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
                throws ServletException, IOException {
            CsrfToken token = (CsrfToken) request.getAttribute(CsrfToken.class.getName());
            if (token != null) {
                token.getToken();
            }
            chain.doFilter(request, response);
        }
    }

    @Bean
    AuthenticationEntryPoint jsonEntryPoint(ObjectMapper json, AuditTrail audit) {
        return (request, response, failure) -> {
            audit.record(SecurityRefusals.loginRefused(request, failure));
            response.setStatus(401);
            response.setHeader("WWW-Authenticate", "Basic realm=\"continuity-hub\"");
            response.setContentType(MediaType.APPLICATION_JSON_VALUE);
            json.writeValue(response.getOutputStream(), new ApiError("unauthorized",
                    "log in: HTTP basic auth with a hub user (hub.ops.user, hub.security.users), or a bearer token"
                            + " from the identity provider when one is configured", null));
        };
    }

    /** A 403 that says which role the call needs, so the caller knows whom to ask. */
    @Bean
    AccessDeniedHandler namingTheRole(ObjectMapper json, AuditTrail audit) {
        return (request, response, denied) -> {
            audit.record(SecurityRefusals.callRefused(request, denied));
            response.setStatus(403);
            response.setContentType(MediaType.APPLICATION_JSON_VALUE);
            if (denied instanceof CsrfException) {
                json.writeValue(response.getOutputStream(), new ApiError("csrf_token_missing",
                        "a console or browser call needs the XSRF-TOKEN cookie's value in the X-XSRF-TOKEN header", null));
                return;
            }
            String needed = AccessRules.deciding(request).map(AccessRule::rolesInWords).orElse(HubRole.ADMIN.id());
            json.writeValue(response.getOutputStream(), new ApiError("forbidden",
                    request.getMethod() + " " + request.getRequestURI() + " needs the role " + needed, null));
        };
    }

    /** An administrator can do what an operator can: read everything. */
    @Bean
    static RoleHierarchy roleHierarchy() {
        return RoleHierarchyImpl.fromHierarchy(HubRole.ADMIN.authority() + " > " + HubRole.OPS.authority());
    }

    @Bean
    UserDetailsService hubUsers(OpsProperties ops, UsersProperties users) {
        PasswordEncoder encoder = PasswordEncoderFactories.createDelegatingPasswordEncoder();
        List<UserDetails> logins = new ArrayList<>();
        logins.add(User.withUsername(ops.user()).password(encoder.encode(ops.password()))
                .authorities(authorities(ops.roles())).build());
        for (UsersProperties.User user : users.users()) {
            logins.add(User.withUsername(user.name()).password(StoredPasswords.check(user, users.allowPlainPasswords()))
                    .authorities(authorities(user.roles())).build());
        }
        return new InMemoryUserDetailsManager(logins);
    }

    private static String[] authorities(List<HubRole> roles) {
        return roles.stream().map(HubRole::authority).toArray(String[]::new);
    }
}
