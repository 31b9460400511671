package org.genex.nn.optim;

import java.util.*;
import org.genex.nn.Parameter;
import org.genex.tensor.Device;
import org.genex.tensor.Shape;
import org.genex.tensor.Tensor;

/**
 * Updates parameters from their gradients. Parameters come in groups ({@link Group}), each with its own learning
 * rate and weight decay (PyTorch's param groups: e.g. a frozen source network and a trained conversion layer).
 * Parameters whose gradient is null at a step are skipped, as in PyTorch.
 *
 * <p>State (moments, step count) is per parameter and can be saved and restored for exact resume
 * ({@link #state()}, {@link #loadState}), under keys {@code <group index>.<parameter index>.<name>}.
 */
public abstract class Optimizer {
    /** A group of parameters sharing a learning rate and a weight decay; {@link #lr} is what schedules change. */
    public static final class Group {
        final List<Parameter> params;
        float lr;
        final float weightDecay;
        final float baseLr;

        public Group(List<Parameter> params, float lr, float weightDecay) {
            if (!(lr >= 0) || !(weightDecay >= 0))
                throw new IllegalArgumentException("learning rate and weight decay must be >= 0, got " + lr + ", "
                        + weightDecay);
            this.params = List.copyOf(params);
            this.lr = lr;
            this.baseLr = lr;
            this.weightDecay = weightDecay;
        }

        public List<Parameter> params() { return params; }
        public float lr() { return lr; }
        public float baseLr() { return baseLr; }
        public float weightDecay() { return weightDecay; }
        public void setLr(float lr) { this.lr = lr; }
    }

    protected final List<Group> groups;
    /** The number of steps taken. */
    protected long steps;

    protected Optimizer(List<Group> groups) {
        if (groups.isEmpty()) throw new IllegalArgumentException("an optimizer needs at least one parameter group");
        Set<Parameter> seen = Collections.newSetFromMap(new IdentityHashMap<>());
        for (Group g : groups)
            for (Parameter p : g.params)
                if (!seen.add(p)) throw new IllegalArgumentException("a parameter appears in two groups: " + p);
        this.groups = List.copyOf(groups);
    }

    public List<Group> groups() { return groups; }

    public long steps() { return steps; }

    /** Sets every group's learning rate to its base rate times {@code factor} (what a schedule does). */
    public void scaleLr(double factor) {
        for (Group g : groups) g.lr = (float) (g.baseLr * factor);
    }

    /** One update of every parameter that has a gradient. */
    public final void step() {
        steps++;
        for (int gi = 0; gi < groups.size(); gi++) {
            Group g = groups.get(gi);
            for (int pi = 0; pi < g.params.size(); pi++) {
                Parameter p = g.params.get(pi);
                if (p.requiresGrad() && p.grad() != null) update(g, p, stateOf(gi, pi, p));
            }
        }
    }

    /**
     * Forgets the gradients of every parameter. Their storage is recycled ({@link Parameter#zeroGrad(boolean)}): the
     * next backward writes the weight gradients of matrix products into it instead of allocating and zeroing new
     * tensors, so a gradient tensor obtained before this call must not be used after it (copy it to keep it).
     */
    public void zeroGrad() {
        for (Group g : groups) for (Parameter p : g.params) p.zeroGrad(true);
    }

    // ------------------------------------------------------------------------------------------------ state

    private final Map<String, Map<String, Tensor>> state = new LinkedHashMap<>();

    /** The named state tensors of a parameter, created on first use (zeros of the parameter's shape). */
    protected final Map<String, Tensor> stateOf(int group, int index, Parameter p) {
        return state.computeIfAbsent(group + "." + index, k -> new LinkedHashMap<>());
    }

    /** A state tensor of a parameter, zero-initialised on first use (on the parameter's device). */
    protected static Tensor slot(Map<String, Tensor> s, String name, Parameter p) {
        return s.computeIfAbsent(name, k -> p.value().backend().allocate(p.shape()));
    }

    /**
     * Increments and returns a parameter's own step count, kept in its state as a rank-0 tensor "step" (as PyTorch
     * keeps it), exact up to 2^24 steps.
     */
    protected static long countStep(Map<String, Tensor> s) {
        Tensor st = s.computeIfAbsent("step", k -> Tensor.zeros(Shape.SCALAR));
        float t = st.item() + 1;
        st.set(t);
        return (long) t;
    }

    /** Updates one parameter; {@code s} is its state. */
    protected abstract void update(Group g, Parameter p, Map<String, Tensor> s);

    /** Every state tensor under {@code <group>.<index>.<name>}, and the step count as a scalar under "steps". */
    public Map<String, Tensor> state() {
        Map<String, Tensor> out = new LinkedHashMap<>();
        for (var e : state.entrySet())
            for (var s : e.getValue().entrySet()) out.put(e.getKey() + "." + s.getKey(), s.getValue());
        return out;
    }

    /** The step count and each group's learning rate, for a checkpoint's metadata. */
    public Map<String, String> metadata() {
        Map<String, String> m = new LinkedHashMap<>();
        m.put("steps", Long.toString(steps));
        for (int i = 0; i < groups.size(); i++) m.put("lr." + i, Float.toString(groups.get(i).lr));
        return m;
    }

    /**
     * Restores what {@link #state()} and {@link #metadata()} saved. Everything is checked first (keys, shapes,
     * numbers); on an error nothing changes and the exception names the offending key.
     */
    public void loadState(Map<String, Tensor> saved, Map<String, String> metadata) {
        Map<String, Map<String, Tensor>> restored = checkState(saved);
        long savedSteps = parseSteps(metadata);
        float[] lrs = new float[groups.size()];
        for (int i = 0; i < groups.size(); i++) {
            String lr = metadata.get("lr." + i);
            lrs[i] = lr == null ? groups.get(i).lr : parseLr(i, lr);
        }
        state.clear();
        state.putAll(restored);
        steps = savedSteps;
        for (int i = 0; i < groups.size(); i++) groups.get(i).lr = lrs[i];
    }

    /**
     * Checks saved state against this optimizer's parameters without changing anything, and returns it as copies
     * grouped by parameter; the exception names the first offending key.
     */
    private Map<String, Map<String, Tensor>> checkState(Map<String, Tensor> saved) {
        Map<String, Map<String, Tensor>> out = new LinkedHashMap<>();
        for (var e : saved.entrySet()) {
            String[] k = e.getKey().split("\\.", 3);
            int gi, pi;
            try {
                if (k.length != 3) throw new NumberFormatException();
                gi = Integer.parseInt(k[0]);
                pi = Integer.parseInt(k[1]);
            } catch (NumberFormatException x) {
                throw new IllegalArgumentException("optimizer state key '" + e.getKey() + "': expected group.index.name");
            }
            if (gi < 0 || gi >= groups.size() || pi < 0 || pi >= groups.get(gi).params.size())
                throw new IllegalArgumentException("optimizer state key '" + e.getKey() + "' names no parameter (the"
                        + " optimizer has " + groups.size() + " group(s) of sizes " + groupSizes() + ")");
            Parameter p = groups.get(gi).params.get(pi);
            Shape expected = k[2].equals("step") ? Shape.SCALAR : p.shape();
            if (!e.getValue().shape().equals(expected))
                throw new IllegalArgumentException("optimizer state '" + e.getKey() + "' has shape " + e.getValue().shape()
                        + ", expected " + expected);
            // moments go to the parameter's device; the step count stays on the host, where countStep updates it
            Device home = k[2].equals("step") ? Device.CPU : p.value().device();
            Tensor value = e.getValue().device().equals(home) ? e.getValue().copy() : e.getValue().to(home);
            out.computeIfAbsent(gi + "." + pi, x -> new LinkedHashMap<>()).put(k[2], value);
        }
        return out;
    }

    /** Checks what {@link #loadState} would restore, changing nothing. */
    public void validateState(Map<String, Tensor> saved, Map<String, String> metadata) {
        checkState(saved);
        parseSteps(metadata);
        for (int i = 0; i < groups.size(); i++) {
            String lr = metadata.get("lr." + i);
            if (lr != null) parseLr(i, lr);
        }
    }

    private List<Integer> groupSizes() {
        List<Integer> sizes = new ArrayList<>();
        for (Group g : groups) sizes.add(g.params.size());
        return sizes;
    }

    private static long parseSteps(Map<String, String> metadata) {
        String s = metadata.getOrDefault("steps", "0");
        try {
            long v = Long.parseLong(s);
            if (v < 0) throw new NumberFormatException();
            return v;
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("optimizer metadata 'steps' = '" + s + "': expected a count >= 0");
        }
    }

    private static float parseLr(int group, String s) {
        try {
            float v = Float.parseFloat(s);
            if (!(v >= 0)) throw new NumberFormatException();
            return v;
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("optimizer metadata 'lr." + group + "' = '" + s
                    + "': expected a learning rate >= 0");
        }
    }
}
