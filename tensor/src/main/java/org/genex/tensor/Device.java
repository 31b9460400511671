package org.genex.tensor;

/**
 * Where a tensor's storage lives: the host ({@link #CPU}) or a numbered accelerator ({@code cuda:0}). A tensor's
 * device picks the {@link Backend} that runs its ops ({@link Backends#of(Device)}).
 */
public record Device(Type type, int index) {
    public enum Type { CPU, CUDA }

    public static final Device CPU = new Device(Type.CPU, 0);

    public Device {
        if (type == null) throw new IllegalArgumentException("device type is null");
        if (index < 0) throw new IllegalArgumentException("device index must be >= 0, got " + index);
        if (type == Type.CPU && index != 0) throw new IllegalArgumentException("there is one CPU device, cpu:0");
    }

    public static Device cuda(int index) { return new Device(Type.CUDA, index); }

    /** Parses {@code cpu}, {@code cuda} (= {@code cuda:0}) or {@code cuda:N}. */
    public static Device parse(String s) {
        String t = s.trim().toLowerCase(java.util.Locale.ROOT);
        if (t.equals("cpu")) return CPU;
        if (t.equals("cuda")) return cuda(0);
        if (t.startsWith("cuda:")) {
            try {
                return cuda(Integer.parseInt(t.substring(5)));
            } catch (NumberFormatException e) {
                // fall through to the error below
            }
        }
        throw new IllegalArgumentException("unknown device '" + s + "': expected cpu, cuda or cuda:N");
    }

    public boolean isCpu() { return type == Type.CPU; }

    @Override
    public String toString() { return type == Type.CPU ? "cpu" : "cuda:" + index; }
}
