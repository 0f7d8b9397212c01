package io.continuityhub.identity;

import java.util.List;
import java.util.Optional;

/**
 * "This is the same customer." The local identity graph is the default; a CDP (Segment,
 * RudderStack, mParticle, Data 360) plugs in behind the same contract.
 *
 * <p>Only strong identifiers resolve: a verified handle that is not shared. Nothing resolves on
 * a display name, an unverified address or a shared household phone.
 */
public interface IdentityResolver {

    /** The customer this handle resolves to today, without creating anyone. */
    Optional<Resolution> lookup(Handle handle);

    /**
     * The customer this handle resolves to, or a new provisional customer that owns nothing but
     * this first contact. Never someone else's customer.
     */
    Resolution resolveOrCreate(Handle handle, String source);

    /**
     * The customer of handles the channel vouches are one user (a WhatsApp webhook that carries
     * both the phone number and the user id of its sender), the first one leading: resolves or
     * creates as {@link #resolveOrCreate(Handle, String)} and makes every one of them lead to that
     * customer from now on, joining a provisional customer another of them had made. Two known
     * customers are never joined on the channel's word: that takes a person's merge.
     */
    Resolution resolveOrCreate(List<Handle> oneUser, String source);
}
