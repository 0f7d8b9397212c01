package io.continuityhub.channel.email;

import io.continuityhub.tools.email.MessageIds;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

class EmailRepliesTest {

    @Test
    void aReplySubjectSaysReOnceHoweverManyPrefixesTheCustomersClientStacked() {
        assertThat(EmailReplies.replySubject("Order O-99281")).isEqualTo("Re: Order O-99281");
        assertThat(EmailReplies.replySubject("Re: Order O-99281")).isEqualTo("Re: Order O-99281");
        assertThat(EmailReplies.replySubject("RE: Re: AW: Order O-99281")).isEqualTo("Re: Order O-99281");
        assertThat(EmailReplies.replySubject("Re[2]: Order O-99281")).isEqualTo("Re: Order O-99281");
        assertThat(EmailReplies.replySubject("Regarding my order")).isEqualTo("Re: Regarding my order");
        assertThat(EmailReplies.replySubject(null)).isEqualTo("Re: your message");
    }

    @Test
    void referencesKeepTheThreadsFirstMailAndItsLatestOnes() {
        String thread = IntStream.rangeClosed(1, 30).mapToObj(i -> "<m" + i + "@x.example>").collect(Collectors.joining(" "));

        String references = MessageIds.references(thread, "<parent@x.example>");

        assertThat(references.split(" ")).hasSize(MessageIds.MAX_REFERENCES)
                .startsWith("<m1@x.example>", "<m13@x.example>")
                .endsWith("<m30@x.example>", "<parent@x.example>");
    }

    @Test
    void derivedMessageIdsDependOnTheKeyAlone() {
        assertThat(MessageIds.derive("sess-1:reply:email", "support@hub.local"))
                .isEqualTo(MessageIds.derive("sess-1:reply:email", "support@hub.local"))
                .isNotEqualTo(MessageIds.derive("sess-1:reply:email-2", "support@hub.local"))
                .matches("<[0-9a-f]{32}@hub\\.local>");
    }
}
