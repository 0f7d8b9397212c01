package io.continuityhub;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static org.assertj.core.api.Assertions.assertThat;
import static com.tngtech.archunit.library.Architectures.layeredArchitecture;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.base.DescribedPredicate;
import org.junit.jupiter.api.Test;

/**
 * The hub's layering (DESIGN.md §2), held by test rather than by hope: the kernel below all,
 * then identity → session → tools → channel → agent → escalation → sequence → privacy, each using
 * only the layers before it; the platform wires and uses only the kernel; no package cycles, at any
 * depth; and nothing in the product reaches into the sandbox.
 *
 * <p>privacy (erasure and retention) is on top: it is the one place that knows every layer's
 * tables and which of their columns hold personal data, and it locks customers through identity;
 * no layer below may depend on it, so a layer's own work never waits on, or knows of, an erasure
 * beyond identity's refusal of an erased customer.
 */
class ArchitectureTest {

    private static final JavaClasses PRODUCT = new ClassFileImporter()
            .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
            .importPackages("io.continuityhub");

    private static final JavaClasses PRODUCT_AND_SANDBOX = new ClassFileImporter().importPackages("io.continuityhub");

    @Test
    void theLayersPointOneWay() {
        layeredArchitecture().consideringOnlyDependenciesInLayers()
                .layer("kernel").definedBy("io.continuityhub.kernel..")
                .layer("platform").definedBy("io.continuityhub.platform..")
                .layer("identity").definedBy("io.continuityhub.identity..")
                .layer("session").definedBy("io.continuityhub.session..")
                .layer("tools").definedBy("io.continuityhub.tools..")
                .layer("channel").definedBy("io.continuityhub.channel..")
                .layer("agent").definedBy("io.continuityhub.agent..")
                .layer("escalation").definedBy("io.continuityhub.escalation..")
                .layer("sequence").definedBy("io.continuityhub.sequence..")
                .layer("privacy").definedBy("io.continuityhub.privacy..")
                .whereLayer("kernel").mayNotAccessAnyLayer()
                .whereLayer("platform").mayOnlyAccessLayers("kernel")
                .whereLayer("identity").mayOnlyAccessLayers("kernel")
                .whereLayer("session").mayOnlyAccessLayers("kernel", "identity")
                .whereLayer("tools").mayOnlyAccessLayers("kernel", "identity", "session")
                .whereLayer("channel").mayOnlyAccessLayers("kernel", "identity", "session", "tools")
                .whereLayer("agent").mayOnlyAccessLayers("kernel", "identity", "session", "tools", "channel")
                .whereLayer("escalation").mayOnlyAccessLayers("kernel", "identity", "session", "tools", "channel", "agent")
                .whereLayer("sequence").mayOnlyAccessLayers("kernel", "identity", "session", "tools", "channel", "agent",
                        "escalation")
                .whereLayer("privacy").mayOnlyAccessLayers("kernel", "identity", "session", "tools", "channel", "agent",
                        "escalation", "sequence")
                .check(PRODUCT);
    }

    @Test
    void noPackageDependsOnItselfInACircle() {
        slices().matching("io.continuityhub.(**)").should().beFreeOfCycles().check(PRODUCT);
    }

    @Test
    void nothingInTheProductImportsTheSandbox() {
        // the rule below is only worth something if both sides are really there
        assertThat(PRODUCT_AND_SANDBOX.stream().filter(areInTheProduct()).count()).as("product classes").isGreaterThan(100);
        assertThat(PRODUCT_AND_SANDBOX.stream().filter(javaClass -> javaClass.getPackageName().startsWith("io.continuityhub.sandbox")))
                .as("sandbox classes, imported from the test classes").isNotEmpty();
        noClasses().that(areInTheProduct()).should().dependOnClassesThat().resideInAPackage("io.continuityhub.sandbox..")
                .check(PRODUCT_AND_SANDBOX);
    }

    /** Compiled from src/main: the classes the jar ships (the sandbox is compiled with the tests). */
    private static DescribedPredicate<JavaClass> areInTheProduct() {
        return DescribedPredicate.describe("are in the product", javaClass -> javaClass.getSource()
                .map(source -> !source.getUri().toString().contains("/test-classes/"))
                .orElse(false));
    }
}
