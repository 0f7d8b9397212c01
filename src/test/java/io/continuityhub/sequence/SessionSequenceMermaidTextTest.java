package io.continuityhub.sequence;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class SessionSequenceMermaidTextTest {

    private static final Participant WHATSAPP = new Participant("WhatsApp", "WhatsApp", 100);

    @Test
    void everyCharacterMermaidReactsToBecomesAnEntity() {
        assertThat(MermaidText.escape("a;b#c<d>e\"f'g&h%i"))
                .isEqualTo("a#59;b#35;c#60;d#62;e#34;f#39;g#38;h#37;i");
    }

    @Test
    void aHashIsEscapedBeforeTheEntitiesItStartsSoEscapingCannotBeUndone() {
        assertThat(MermaidText.escape("#59;")).isEqualTo("#35;59#59;");
    }

    @Test
    void lineBreaksOfEveryKindKeepTheStatementOnOneLine() {
        assertThat(MermaidText.escape("one\r\ntwo\nthree\rfour\u2028five\tsix\u0000"))
                .isEqualTo("one↵two↵three↵four↵five six ")
                .doesNotContain("\n", "\r");
    }

    @Test
    void hostileCustomerTextStaysInsideItsOwnArrow() {
        MermaidSequence diagram = new MermaidSequence("t", 500);
        diagram.message(Participant.CUSTOMER, Arrow.CALL, WHATSAPP,
                "hi</pre><script>alert(1)</script>; end\nHub-->>Customer: fake # %%{init: {\"securityLevel\":\"loose\"}}%%");

        String text = diagram.text();
        String arrow = text.lines().filter(line -> line.strip().startsWith("Customer->>WhatsApp: ")).findFirst().orElseThrow();

        assertThat(text.lines().filter(line -> line.contains("->>") || line.contains("-->>"))).hasSize(1);
        assertThat(arrow.strip()).isEqualTo("Customer->>WhatsApp: hi#60;/pre#62;#60;script#62;alert(1)#60;/script#62;#59; end"
                + "↵Hub--#62;#62;Customer: fake #35; #37;#37;{init: {#34;securityLevel#34;:#34;loose#34;}}#37;#37;");
        assertThat(arrow.substring(arrow.indexOf(": ") + 2).replaceAll("#[0-9]+;", "")).doesNotContain("<", ">", ";", "\"", "%", "#");
    }

    @Test
    void longTextIsCutWithAnEllipsisNeverInsideAnEntityOrACharacter() {
        String longText = "é".repeat(10) + ";".repeat(200) + "😀".repeat(100);

        String shortened = MermaidText.shorten(longText, 80);

        assertThat(shortened.codePointCount(0, shortened.length())).isEqualTo(80);
        assertThat(shortened).endsWith("…");
        assertThat(MermaidText.escape(shortened)).endsWith("#59;…");
        assertThat(MermaidText.shorten("😀".repeat(100), 5)).isEqualTo("😀😀😀😀…");
        assertThat(MermaidText.shorten("  short  ", 80)).isEqualTo("short");
    }

    @Test
    void labelsAreShortenedThenEscapedAndParticipantsAreDeclaredInRankOrder() {
        MermaidSequence diagram = new MermaidSequence("Session sess-1; #1", 10);
        diagram.message(Participant.HUB, Arrow.CALL, Participant.HUMAN_QUEUE, "0123456789;;;;");
        diagram.message(WHATSAPP, Arrow.FAILED, Participant.HUB, "");
        diagram.note(Participant.CUSTOMER, "hello");
        diagram.seam("a seam is never shortened, however long its message is");

        assertThat(diagram.text()).isEqualTo("""
                sequenceDiagram
                    title Session sess-1#59; #35;1
                    actor Customer
                    participant WhatsApp
                    participant Hub
                    participant HumanQueue as Human queue
                    Hub->>HumanQueue: 012345678…
                    WhatsApp--xHub: -
                    Note over Customer: hello
                    Note over Hub: ⚠ seam: a seam is never shortened, however long its message is
                """);
    }
}
