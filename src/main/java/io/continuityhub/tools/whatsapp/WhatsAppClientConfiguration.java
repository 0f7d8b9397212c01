package io.continuityhub.tools.whatsapp;

import java.net.http.HttpClient;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

@Configuration(proxyBeanMethods = false)
class WhatsAppClientConfiguration {

    /** Used by tool-whatsapp-send as {@code httpClient=#whatsAppHttpClient}. */
    @Bean
    HttpClient whatsAppHttpClient(WhatsAppProperties properties) {
        return new DeadlineHttpClient(HttpClient.newBuilder().connectTimeout(properties.connectTimeout()).build(),
                properties.requestTimeout());
    }
}
