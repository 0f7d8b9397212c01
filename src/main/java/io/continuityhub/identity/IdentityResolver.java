package io.continuityhub.identity;

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
}
