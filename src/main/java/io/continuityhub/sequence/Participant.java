package io.continuityhub.sequence;

/**
 * A lifeline of the diagram. {@code rank} puts the lifelines in reading order (customer, the
 * channels, the hub, the downstream systems, the human queue), whatever order they first act in.
 *
 * @param id    the Mermaid name, letters and digits only (see {@link ParticipantDirectory})
 * @param label what the lifeline shows; never a customer's phone number or address
 */
record Participant(String id, String label, int rank) {

    static final Participant CUSTOMER = new Participant("Customer", "Customer", 0);
    static final Participant HUB = new Participant("Hub", "Hub", 200);
    static final Participant HUMAN_QUEUE = new Participant("HumanQueue", "Human queue", 400);
}
