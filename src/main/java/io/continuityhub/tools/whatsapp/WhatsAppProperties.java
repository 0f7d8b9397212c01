package io.continuityhub.tools.whatsapp;

import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * {@code hub.whatsapp.*}: the webhook's secrets and the Cloud API the hub sends through.
 *
 * @param serviceWindow         how long after a customer's last message free-form messages may go
 *                              (Meta's 24 hours, less a margin for the send's own delay)
 * @param reengagementTemplate  the approved template sent instead outside that window
 */
@ConfigurationProperties("hub.whatsapp")
public record WhatsAppProperties(String verifyToken, String appSecret, String baseUri, String apiVersion,
                                 String phoneNumberId, String accessToken, Duration requestTimeout,
                                 Duration serviceWindow, Template reengagementTemplate) {

    /** An approved message template: its name and the language of its approved translation. */
    public record Template(String name, String language) {

        public boolean configured() {
            return name != null && !name.isBlank();
        }
    }

    public WhatsAppProperties {
        serviceWindow = serviceWindow == null ? Duration.ofHours(24) : serviceWindow;
        reengagementTemplate = reengagementTemplate == null ? new Template(null, null) : reengagementTemplate;
    }
}
