package io.continuityhub.sequence;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.continuityhub.kernel.HubRequestException;
import org.junit.jupiter.api.Test;

class SessionSequenceFormatTest {

    private static final String BROWSER = "text/html,application/xhtml+xml,application/xml;q=0.9,image/avif,image/webp,*/*;q=0.8";

    @Test
    void aBrowserGetsThePageAndEveryoneElseTheMermaidTextUnlessTheyAskForJson() {
        assertThat(SequenceFormat.choose(null, BROWSER)).isEqualTo(SequenceFormat.HTML);
        assertThat(SequenceFormat.choose(null, "*/*")).isEqualTo(SequenceFormat.TEXT);
        assertThat(SequenceFormat.choose(null, null)).isEqualTo(SequenceFormat.TEXT);
        assertThat(SequenceFormat.choose(null, "text/plain, text/html;q=0.5")).isEqualTo(SequenceFormat.TEXT);
        assertThat(SequenceFormat.choose(null, "text/html;q=0.2, application/json")).isEqualTo(SequenceFormat.JSON);
        assertThat(SequenceFormat.choose(null, "image/png")).isEqualTo(SequenceFormat.TEXT);
        assertThat(SequenceFormat.choose(null, "not a media type")).isEqualTo(SequenceFormat.TEXT);
    }

    @Test
    void theFormatParameterWinsOverAccept() {
        assertThat(SequenceFormat.choose("html", "*/*")).isEqualTo(SequenceFormat.HTML);
        assertThat(SequenceFormat.choose("JSON", BROWSER)).isEqualTo(SequenceFormat.JSON);
        assertThat(SequenceFormat.choose("text", BROWSER)).isEqualTo(SequenceFormat.TEXT);
        assertThatThrownBy(() -> SequenceFormat.choose("svg", null)).isInstanceOf(HubRequestException.class)
                .hasMessageContaining("text, html or json");
    }
}
