package io.continuityhub.identity;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class HandleNormalizerTest {

    private final HandleNormalizer international = new HandleNormalizer("");
    private final HandleNormalizer british = new HandleNormalizer("GB");

    @Test
    void phoneNumbersBecomeE164WhateverTheirSpacing() {
        assertThat(international.normalize(HandleType.PHONE, "+44 7700 900123").value()).isEqualTo("+447700900123");
        assertThat(international.normalize(HandleType.PHONE, "+44 (0)7700-900123").value()).isEqualTo("+447700900123");
        assertThat(british.normalize(HandleType.PHONE, "07700 900123").value()).isEqualTo("+447700900123");
    }

    @Test
    void aWhatsAppIdIsTheInternationalNumberWithoutThePlus() {
        Handle handle = international.normalize(HandleType.WHATSAPP, "447700900123");
        assertThat(handle.value()).isEqualTo("+447700900123");
        assertThat(handle.matchKey()).isEqualTo(international.normalize(HandleType.PHONE, "+447700900123").matchKey());
    }

    @Test
    void aNationalNumberWithoutADefaultRegionIsRefusedRatherThanGuessed() {
        assertThatThrownBy(() -> international.normalize(HandleType.PHONE, "07700 900123"))
                .isInstanceOf(InvalidHandleException.class)
                .hasMessageContaining("international form");
    }

    @Test
    void aWhatsAppUserIdIsMatchedExactlyAndNeverAsAPhoneNumber() {
        Handle userId = british.normalize(HandleType.WHATSAPP_USER_ID, " US.13491208655302741918 ");
        assertThat(userId.value()).isEqualTo("US.13491208655302741918");
        assertThat(userId.matchKey()).isEqualTo("bsuid:US.13491208655302741918");
        assertThat(HandleType.WHATSAPP_USER_ID.isPhoneNumber()).isFalse();
        assertThatThrownBy(() -> british.normalize(HandleType.WHATSAPP_USER_ID, "13491208655302741918"))
                .isInstanceOf(InvalidHandleException.class).hasMessageContaining("WhatsApp user id");
        assertThatThrownBy(() -> british.normalize(HandleType.WHATSAPP_USER_ID, "US." + "9".repeat(129)))
                .isInstanceOf(InvalidHandleException.class);
    }

    @Test
    void emailAddressesAreTrimmedAndLowerCased() {
        assertThat(international.normalize(HandleType.EMAIL, "  Jane.Doe@Example.COM ").value()).isEqualTo("jane.doe@example.com");
        assertThatThrownBy(() -> international.normalize(HandleType.EMAIL, "jane.example.com"))
                .isInstanceOf(InvalidHandleException.class);
    }

    @Test
    void emailAndPhoneHandlesNeverShareAMatchKey() {
        assertThat(international.normalize(HandleType.EMAIL, "a@b.co").matchKey()).startsWith("email:");
        assertThat(international.normalize(HandleType.LOYALTY_ID, "L-1").matchKey()).isEqualTo("loyalty:L-1");
    }
}
