package io.continuityhub.sequence;

import io.continuityhub.kernel.HubRequestException;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import org.springframework.http.InvalidMediaTypeException;
import org.springframework.http.MediaType;

/** The forms of a session's diagram: Mermaid text (the default), a page that renders it, or JSON with the seams. */
enum SequenceFormat {
    TEXT(MediaType.parseMediaType("text/plain;charset=UTF-8")),
    HTML(MediaType.parseMediaType("text/html;charset=UTF-8")),
    JSON(MediaType.APPLICATION_JSON);

    private final MediaType mediaType;

    SequenceFormat(MediaType mediaType) {
        this.mediaType = mediaType;
    }

    MediaType mediaType() {
        return mediaType;
    }

    /**
     * {@code ?format=} decides when given. Otherwise the Accept header's most preferred explicit
     * type: a browser's {@code text/html} gets the page, {@code application/json} the JSON, and
     * anything else ({@code curl}'s {@code *}{@code /*}, none) the Mermaid text.
     */
    static SequenceFormat choose(String format, String accept) {
        if (format != null) {
            return Arrays.stream(values()).filter(f -> f.name().equalsIgnoreCase(format.strip())).findFirst()
                    .orElseThrow(() -> HubRequestException.badField("format", "must be text, html or json, not "
                            + format.strip().toLowerCase(Locale.ROOT)));
        }
        return preferred(accept);
    }

    private static SequenceFormat preferred(String accept) {
        if (accept == null || accept.isBlank()) {
            return TEXT;
        }
        List<MediaType> accepted;
        try {
            accepted = MediaType.parseMediaTypes(accept);
        } catch (InvalidMediaTypeException unreadable) {
            return TEXT;
        }
        return accepted.stream()
                .filter(type -> !type.isWildcardType() && !type.isWildcardSubtype() && type.getQualityValue() > 0)
                .sorted(Comparator.comparingDouble(MediaType::getQualityValue).reversed()) // stable: ties keep the client's order
                .findFirst()
                .map(SequenceFormat::of)
                .orElse(TEXT);
    }

    private static SequenceFormat of(MediaType type) {
        for (SequenceFormat format : values()) {
            if (format.mediaType.isCompatibleWith(type)) {
                return format;
            }
        }
        return TEXT;
    }
}
