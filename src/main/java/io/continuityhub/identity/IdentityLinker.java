package io.continuityhub.identity;

import io.continuityhub.kernel.HubRequestException;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * Links a verified handle to a customer. A handle belongs to one customer only: if a real
 * customer holds it the link is refused; if a provisional customer (an unknown sender) holds it,
 * that provisional customer is merged in, so its history joins the right customer, reversibly.
 */
@Service
public class IdentityLinker {

    public record LinkResult(boolean created, List<String> mergedCustomerIds, List<String> mergeIds) {
    }

    private final CustomerRepository customers;
    private final CustomerMerges merges;
    private final IdentityAudit audit;

    IdentityLinker(CustomerRepository customers, CustomerMerges merges, IdentityAudit audit) {
        this.customers = customers;
        this.merges = merges;
        this.audit = audit;
    }

    /**
     * @param shared the handle is one several people use (a household landline): it is kept on
     *               the customer for reaching them, but never resolves anyone
     */
    @Transactional
    public LinkResult linkVerified(String customerId, Handle handle, boolean shared, String actor) {
        customers.lockMatchKey(handle.matchKey());
        if (!customers.exists(customerId)) {
            throw HubRequestException.notFound("no customer " + customerId);
        }
        customers.requireNotErased(customerId);
        String survivor = customers.survivorOf(customerId);
        if (!survivor.equals(customerId)) {
            throw HubRequestException.conflict("customer_merged",
                    customerId + " was merged into " + survivor + "; link the handle to " + survivor);
        }
        customers.lock(customerId); // before inserting handles that point at it (see ActionLedger.record)
        List<CustomerRepository.HandleRow> rows = customers.handlesByMatchKey(handle.matchKey());
        Set<String> provisionalOwners = provisionalOwnersOrRefuse(customerId, handle, rows);

        Optional<CustomerRepository.HandleRow> exact = rows.stream()
                .filter(row -> row.channel().equals(handle.type().wireName()) && row.value().equals(handle.value()))
                .findFirst();
        List<CustomerMerges.MovedHandle> moved = new ArrayList<>();
        boolean created;
        if (exact.isPresent()) {
            CustomerRepository.HandleRow row = exact.get();
            if (!row.customerId().equals(customerId)) {
                moved.add(new CustomerMerges.MovedHandle(row.handleId(), row.customerId(), row.verified()));
            }
            created = !row.customerId().equals(customerId) || !row.verified();
            customers.assignHandle(row.handleId(), customerId, true);
            customers.markShared(row.handleId(), shared);
        } else {
            created = customers.insertHandle(customerId, handle, true, shared, actor).isPresent();
        }
        if (created) {
            audit.record(actor, "link_handle", customerId, null, Map.of("channel", handle.type().wireName(), "shared", shared));
        }

        List<String> mergeIds = new ArrayList<>();
        for (String provisional : provisionalOwners) {
            List<CustomerMerges.MovedHandle> movedFromIt = moved.stream()
                    .filter(m -> customers.survivorOf(m.fromCustomerId()).equals(provisional)).toList();
            mergeIds.add(merges.merge(provisional, customerId, actor,
                    "verified handle " + handle.type().wireName() + " linked", movedFromIt).mergeId());
        }
        return new LinkResult(created, List.copyOf(provisionalOwners), mergeIds);
    }

    private Set<String> provisionalOwnersOrRefuse(String customerId, Handle handle, List<CustomerRepository.HandleRow> rows) {
        Set<String> provisional = new LinkedHashSet<>();
        for (CustomerRepository.HandleRow row : rows) {
            String owner = customers.survivorOf(row.customerId());
            if (owner.equals(customerId)) {
                continue;
            }
            boolean ownerIsProvisional = customers.find(owner).map(CustomerRepository.CustomerRow::provisional).orElse(false);
            if (ownerIsProvisional && !row.verified()) {
                provisional.add(owner);
            } else {
                throw HubRequestException.conflict("handle_belongs_to_another_customer",
                        handle.type().wireName() + " handle is already a handle of customer " + owner
                                + "; if they are one person, merge the two customers instead");
            }
        }
        return provisional;
    }
}
