package org.genex.tensor.cpu;

/**
 * The one switch between the two CPU kernel paths: the JDK Vector API ({@code jdk.incubator.vector}) or plain
 * scalar Java. The vector path is used when the module is present (the JVM was started with
 * {@code --add-modules jdk.incubator.vector}) unless {@code -Dgenex.simd=false}. Classes of the vector path are
 * loaded only when it is chosen, so the scalar path runs on a JVM without the module.
 */
public final class Simd {
    private Simd() {}

    /** Whether {@code jdk.incubator.vector} is in the boot layer. */
    public static final boolean AVAILABLE = ModuleLayer.boot().findModule("jdk.incubator.vector").isPresent();

    /** Whether the default CPU backend uses the vector kernels. */
    public static final boolean ENABLED = AVAILABLE && !"false".equalsIgnoreCase(System.getProperty("genex.simd"));

    /** The vector shape in use, e.g. {@code "FloatVector 512 bits (16 lanes)"}, or why the scalar path is used. */
    public static String describe(boolean simd) {
        if (simd) return Species.describe();
        if (!AVAILABLE) return "scalar (jdk.incubator.vector is not in the JVM: add --add-modules jdk.incubator.vector)";
        return "scalar (-Dgenex.simd=false)";
    }

    /** Fails clearly if the vector path is asked for on a JVM without the module. */
    static void require(boolean simd) {
        if (simd && !AVAILABLE)
            throw new IllegalStateException("the vector kernels need the JVM flag --add-modules jdk.incubator.vector");
    }
}
