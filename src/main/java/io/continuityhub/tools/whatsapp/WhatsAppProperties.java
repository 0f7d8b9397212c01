package io.continuityhub.tools.whatsapp;

import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;

/** {@code hub.whatsapp.*}: the webhook's secrets and the Cloud API the hub sends through. */
@ConfigurationProperties("hub.whatsapp")
public record WhatsAppProperties(String verifyToken, String appSecret, String baseUri, String apiVersion,
                                 String phoneNumberId, String accessToken, Duration requestTimeout,
                                 Duration connectTimeout) {
}
