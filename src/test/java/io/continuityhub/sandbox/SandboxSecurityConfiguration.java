package io.continuityhub.sandbox;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Profile;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.config.http.SessionCreationPolicy;
import org.springframework.security.web.SecurityFilterChain;

/**
 * The simulators check their callers' credentials themselves, as the systems they play do: SAP
 * takes HTTP basic auth, Salesforce and the OAuth token endpoints may too. The hub's own filter
 * chain would read any basic-auth header as an ops login and answer 401 before the simulator
 * saw it, so {@code /sandbox/**} gets a chain of its own, open and without basic auth.
 */
@Configuration(proxyBeanMethods = false)
@Profile("sandbox")
class SandboxSecurityConfiguration {

    @Bean
    @Order(Ordered.HIGHEST_PRECEDENCE)
    SecurityFilterChain sandboxSecurity(HttpSecurity http) throws Exception {
        return http.securityMatcher("/sandbox/**")
                .authorizeHttpRequests(requests -> requests.anyRequest().permitAll())
                .csrf(csrf -> csrf.disable())
                .sessionManagement(session -> session.sessionCreationPolicy(SessionCreationPolicy.STATELESS))
                .requestCache(cache -> cache.disable())
                .build();
    }
}
