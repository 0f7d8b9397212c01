package io.continuityhub.platform;

import com.fasterxml.jackson.databind.ObjectMapper;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.http.MediaType;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.core.userdetails.User;
import org.springframework.security.core.userdetails.UserDetailsService;
import org.springframework.security.crypto.factory.PasswordEncoderFactories;
import org.springframework.security.crypto.password.PasswordEncoder;
import org.springframework.security.provisioning.InMemoryUserDetailsManager;
import org.springframework.security.web.AuthenticationEntryPoint;
import org.springframework.security.web.SecurityFilterChain;
import org.springframework.security.web.authentication.www.BasicAuthenticationFilter;
import org.springframework.security.web.csrf.CookieCsrfTokenRepository;
import org.springframework.security.web.csrf.CsrfToken;
import org.springframework.security.web.csrf.CsrfTokenRequestAttributeHandler;
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
 * Jolokia need the ops login. (The sandbox, outside the product, brings its own open chain.)
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
    SecurityFilterChain hubSecurity(HttpSecurity http, AuthenticationEntryPoint jsonEntryPoint) throws Exception {
        http.authorizeHttpRequests(requests -> requests
                        .requestMatchers("/actuator/health/**", "/actuator/info", "/error").permitAll()
                        // published front-end libraries (mermaid for the sequence page): no data of the hub's,
                        // and a browser does not reliably send the page's basic login for a script elsewhere
                        .requestMatchers("/webjars/**").permitAll()
                        .anyRequest().authenticated())
                .httpBasic(basic -> basic.authenticationEntryPoint(jsonEntryPoint).realmName("continuity-hub"))
                .exceptionHandling(errors -> errors.authenticationEntryPoint(jsonEntryPoint))
                // API clients authenticate every call and hold no session to ride on; the Hawtio
                // console gets a cookie token it echoes in a header (Spring Security's SPA mode).
                .csrf(csrf -> csrf
                        .csrfTokenRepository(CookieCsrfTokenRepository.withHttpOnlyFalse())
                        .csrfTokenRequestHandler(new CsrfTokenRequestAttributeHandler())
                        .ignoringRequestMatchers("/api/**"))
                .addFilterAfter(new CsrfCookieWriter(), BasicAuthenticationFilter.class);
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
    AuthenticationEntryPoint jsonEntryPoint(ObjectMapper json) {
        return (request, response, failure) -> {
            response.setStatus(401);
            response.setHeader("WWW-Authenticate", "Basic realm=\"continuity-hub\"");
            response.setContentType(MediaType.APPLICATION_JSON_VALUE);
            json.writeValue(response.getOutputStream(), new ApiError("unauthorized",
                    "log in with the ops user (HTTP basic auth, hub.ops.user / hub.ops.password)", null));
        };
    }

    @Bean
    UserDetailsService opsUsers(OpsProperties ops) {
        PasswordEncoder encoder = PasswordEncoderFactories.createDelegatingPasswordEncoder();
        return new InMemoryUserDetailsManager(User.withUsername(ops.user())
                .password(encoder.encode(ops.password()))
                .roles("OPS", "admin")
                .build());
    }
}
