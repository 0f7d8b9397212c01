package io.continuityhub.channel.email;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class QuotedHistoryStripperTest {

    @Test
    void gmailPlainTextReplyLosesItsWrappedAttributionQuotesAndSignature() {
        String mail = """
                Thanks, and can I change the address?

                Jane
                --\u0020
                Jane Doe | 07700 900123

                On Tue, Apr 28, 2026 at 10:15 AM Customer Service <
                support@hub.local> wrote:

                > Your order O-99281 is delayed by the carrier.
                > We can deliver it on Tuesday.
                >
                """;

        assertThat(QuotedHistoryStripper.strip(mail)).isEqualTo("Thanks, and can I change the address?\n\nJane");
    }

    @Test
    void gmailReplyWithoutSignatureStopsAtTheAttribution() {
        String mail = "Yes, Tuesday is fine.\r\n\r\nOn Tue, 28 Apr 2026 at 23:04, Customer Service <support@hub.local> wrote:\r\n"
                + "> Would Tuesday suit you?\r\n";

        assertThat(QuotedHistoryStripper.strip(mail)).isEqualTo("Yes, Tuesday is fine.");
    }

    @Test
    void outlookReplyStopsAtTheUnderscoreRuleAndHeaderBlock() {
        String mail = """
                Hello,

                Please send it to my office instead.

                Kind regards,
                Jane Doe

                ________________________________
                From: Customer Service <support@hub.local>
                Sent: Wednesday, April 29, 2026 9:00 AM
                To: Jane Doe <jane@example.com>
                Subject: Your new tracking number

                Your parcel now travels as 1Z999AA10123456784.
                """;

        assertThat(QuotedHistoryStripper.strip(mail))
                .isEqualTo("Hello,\n\nPlease send it to my office instead.\n\nKind regards,\nJane Doe");
    }

    @Test
    void outlookHeaderBlockWithoutTheRuleIsStillHistory() {
        String mail = """
                Got it, thank you.

                From: Customer Service <support@hub.local>
                Date: Wednesday, 29 April 2026 at 09:00
                To: Jane Doe <jane@example.com>
                Subject: Re: Order O-99281

                The carrier has a new tracking number.
                """;

        assertThat(QuotedHistoryStripper.strip(mail)).isEqualTo("Got it, thank you.");
    }

    @Test
    void outlookOriginalMessageSeparatorEndsTheReply() {
        String mail = """
                Cancel the order please.
                -----Original Message-----
                From: Customer Service [mailto:support@hub.local]
                Sent: 28 April 2026 23:05
                Subject: Order O-99281
                """;

        assertThat(QuotedHistoryStripper.strip(mail)).isEqualTo("Cancel the order please.");
    }

    @Test
    void appleMailFromAnIphoneLosesTheFooterAndTheQuote() {
        String mail = """
                Can it come on Wednesday instead?

                Sent from my iPhone

                > On 28 Apr 2026, at 23:05, Customer Service <support@hub.local> wrote:
                >\u0020
                > We can deliver on Tuesday.
                """;

        assertThat(QuotedHistoryStripper.strip(mail)).isEqualTo("Can it come on Wednesday instead?");
    }

    @Test
    void outlookMobileFooterIsDropped() {
        assertThat(QuotedHistoryStripper.strip("On my way to the store now.\n\nGet Outlook for Android"))
                .isEqualTo("On my way to the store now.");
    }

    @Test
    void answersWrittenBetweenQuotedLinesAreKept() {
        String mail = """
                > Which address should we use?
                12 High Street, London

                > And which day?
                Tuesday
                """;

        assertThat(QuotedHistoryStripper.strip(mail)).isEqualTo("12 High Street, London\n\nTuesday");
    }

    @Test
    void frenchAttributionFollowedByQuotesIsHistory() {
        String mail = "Merci !\n\nLe mar. 28 avr. 2026 à 23:05, Customer Service <support@hub.local> a écrit :\n> Bonjour";

        assertThat(QuotedHistoryStripper.strip(mail)).isEqualTo("Merci !");
    }

    @Test
    void theCustomersOwnWordsThatMerelyLookLikeMarkersAreKept() {
        String mail = """
                On Monday my neighbour wrote:
                "your parcel is here" but it was not.
                From: the depot in Leeds, Sent: nothing.
                Sent from my neighbour's address, apparently.
                """;

        assertThat(QuotedHistoryStripper.strip(mail)).isEqualTo(mail.strip());
    }

    @Test
    void aMailWithoutHistoryIsUnchangedButForSurroundingBlankLines() {
        assertThat(QuotedHistoryStripper.strip("\n\nWhere is my order O-99281?\nIt was due Friday.\n\n\n"))
                .isEqualTo("Where is my order O-99281?\nIt was due Friday.");
    }
}
