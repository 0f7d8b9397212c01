package io.continuityhub.session;

import java.util.Map;

/**
 * What a writer wants appended.
 *
 * @param channelLabel channel and handle for the session's channel list ({@code whatsapp:+4477…}),
 *                     or null for events that did not arrive on a channel (a tool result)
 */
public record NewSessionEvent(String channel, String channelLabel, String type, String actor, String summary,
                              Map<String, Object> payload) {
}
