package org.genex.nn;

import java.util.*;
import java.util.function.Consumer;
import org.genex.tensor.Device;
import org.genex.tensor.Shape;
import org.genex.tensor.Tensor;

/**
 * A piece of a model: named {@link Parameter}s, named child modules and named buffers (non-trained state that a
 * checkpoint keeps), registered in the constructor. Names compose with dots as in PyTorch
 * ({@code encoder.layers.0.self_attn.out_proj.weight}), so a {@link #stateDict()} has PyTorch's keys and a PyTorch
 * {@code state_dict} saved with safetensors loads into the matching genex module ({@link Checkpoint}).
 *
 * <pre>{@code
 * final class Mlp extends Module implements Layer {
 *     private final Linear fc1, fc2;
 *     Mlp(int in, int hidden, int out, Rng rng) {
 *         fc1 = module("fc1", new Linear(in, hidden, true, rng));
 *         fc2 = module("fc2", new Linear(hidden, out, true, rng));
 *     }
 *     public Var forward(Var x) { return fc2.forward(fc1.forward(x).relu()); }   // x [batch, in] -> [batch, out]
 * }
 * }</pre>
 *
 * <p>Modules start in training mode; {@link #eval()} switches them (and their children) to inference behaviour
 * (dropout off).
 *
 * <p>Import this class by name ({@code import org.genex.nn.Module;}): with only {@code import org.genex.nn.*} the
 * name is ambiguous with {@code java.lang.Module}.
 */
public abstract class Module {
    private final Map<String, Parameter> params = new LinkedHashMap<>();
    private final Map<String, Module> children = new LinkedHashMap<>();
    private final Map<String, Tensor> buffers = new LinkedHashMap<>();
    private boolean training = true;

    // ------------------------------------------------------------------------------------------------ registration

    /** Registers a parameter initialised to {@code init} (kept, not copied) under {@code name}. */
    protected final Parameter parameter(String name, Tensor init) {
        checkName(name);
        Parameter p = new Parameter(init);
        params.put(name, p);
        return p;
    }

    /** Registers a child module under {@code name}; returns it. */
    protected final <M extends Module> M module(String name, M m) {
        checkName(name);
        if (m == null) throw new IllegalArgumentException("module '" + name + "' is null");
        children.put(name, m);
        return m;
    }

    /** Registers (or replaces) a buffer: state saved in checkpoints but not trained (e.g. running statistics). */
    protected final void buffer(String name, Tensor t) {
        if (!buffers.containsKey(name)) checkName(name);
        buffers.put(name, t);
    }

    /** The current tensor of a buffer (after {@link #to} it lives on the new device). */
    protected final Tensor buffer(String name) {
        Tensor t = buffers.get(name);
        if (t == null) throw new IllegalArgumentException(getClass().getSimpleName() + " has no buffer '" + name + "'");
        return t;
    }

    private void checkName(String name) {
        if (name == null || name.isEmpty() || name.contains("."))
            throw new IllegalArgumentException("invalid name '" + name + "': non-empty, without dots");
        if (params.containsKey(name) || children.containsKey(name) || buffers.containsKey(name))
            throw new IllegalArgumentException(getClass().getSimpleName() + " already has a member named '" + name + "'");
    }

    // ------------------------------------------------------------------------------------------------ traversal

    /** Every parameter under its dotted name: this module's own first, then each child's, in registration order. */
    public final Map<String, Parameter> namedParameters() {
        Map<String, Parameter> out = new LinkedHashMap<>();
        collect("", out, null);
        return out;
    }

    /** Every parameter, in {@link #namedParameters()} order. */
    public final List<Parameter> parameters() { return new ArrayList<>(namedParameters().values()); }

    /** Every parameter that is not frozen. */
    public final List<Parameter> trainableParameters() {
        List<Parameter> out = new ArrayList<>();
        for (Parameter p : namedParameters().values()) if (p.requiresGrad()) out.add(p);
        return out;
    }

    /** This module and every descendant under its dotted name ("" for this one). */
    public final Map<String, Module> namedModules() {
        Map<String, Module> out = new LinkedHashMap<>();
        collect("", null, out);
        return out;
    }

    private void collect(String prefix, Map<String, Parameter> ps, Map<String, Module> ms) {
        if (ms != null) ms.put(prefix.isEmpty() ? "" : prefix.substring(0, prefix.length() - 1), this);
        if (ps != null) for (var e : params.entrySet()) ps.put(prefix + e.getKey(), e.getValue());
        for (var e : children.entrySet()) e.getValue().collect(prefix + e.getKey() + ".", ps, ms);
    }

    /** The number of scalar parameters. */
    public final long parameterCount() {
        long n = 0;
        for (Parameter p : namedParameters().values()) n += p.size();
        return n;
    }

    /** Calls {@code f} on this module and every descendant, parents first. */
    public final void apply(Consumer<Module> f) {
        for (Module m : namedModules().values()) f.accept(m);
    }

    // ------------------------------------------------------------------------------------------------ state

    /** Parameters and buffers under their dotted names (the tensors themselves, not copies). */
    public final Map<String, Tensor> stateDict() {
        Map<String, Tensor> out = new LinkedHashMap<>();
        stateInto("", out);
        return out;
    }

    private void stateInto(String prefix, Map<String, Tensor> out) {
        for (var e : params.entrySet()) out.put(prefix + e.getKey(), e.getValue().value());
        for (var e : buffers.entrySet()) out.put(prefix + e.getKey(), e.getValue());
        for (var e : children.entrySet()) e.getValue().stateInto(prefix + e.getKey() + ".", out);
    }

    /**
     * Copies {@code state} into this module's parameters and buffers. Every key must match a name with the same
     * shape, and every name must be given; otherwise nothing is copied and the exception lists each missing,
     * unexpected and mismatched key with the shapes.
     */
    public final void loadStateDict(Map<String, Tensor> state) {
        Map<String, Tensor> own = stateDict();
        List<String> missing = new ArrayList<>(), unexpected = new ArrayList<>(), mismatched = new ArrayList<>();
        for (String k : own.keySet()) if (!state.containsKey(k)) missing.add(k + " " + own.get(k).shape());
        for (var e : state.entrySet()) {
            Tensor mine = own.get(e.getKey());
            if (mine == null) unexpected.add(e.getKey() + " " + e.getValue().shape());
            else if (!mine.shape().equals(e.getValue().shape()))
                mismatched.add(e.getKey() + ": module has " + mine.shape() + ", state has " + e.getValue().shape());
        }
        if (!missing.isEmpty() || !unexpected.isEmpty() || !mismatched.isEmpty())
            throw new IllegalArgumentException("state does not match " + getClass().getSimpleName() + ":"
                    + (missing.isEmpty() ? "" : "\n  missing keys: " + String.join(", ", missing))
                    + (unexpected.isEmpty() ? "" : "\n  unexpected keys: " + String.join(", ", unexpected))
                    + (mismatched.isEmpty() ? "" : "\n  shape mismatches: " + String.join("; ", mismatched)));
        for (var e : state.entrySet()) {
            Tensor dst = own.get(e.getKey()), src = e.getValue();
            dst.backend().copy(src.device().equals(dst.device()) ? src : src.to(dst.device()), dst);
        }
    }

    // ------------------------------------------------------------------------------------------------ modes

    /** Training mode (the default) for this module and its descendants; returns this. */
    public final Module train() { return train(true); }

    /** Inference mode for this module and its descendants; returns this. */
    public final Module eval() { return train(false); }

    public final Module train(boolean on) {
        apply(m -> m.training = on);
        return this;
    }

    public final boolean isTraining() { return training; }

    /** Trains (true) or freezes (false) every parameter of this module and its descendants; returns this. */
    public final Module requiresGrad(boolean on) {
        for (Parameter p : namedParameters().values()) p.requiresGrad(on);
        return this;
    }

    /** Forgets every gradient. */
    public final void zeroGrad() {
        for (Parameter p : namedParameters().values()) p.zeroGrad();
    }

    /** Moves every parameter and buffer to {@code device}; returns this. */
    public final Module to(Device device) {
        for (Module m : namedModules().values()) {
            for (Parameter p : m.params.values()) p.to(device);
            m.buffers.replaceAll((k, t) -> t.to(device));
        }
        return this;
    }

    @Override
    public String toString() {
        StringBuilder sb = new StringBuilder();
        describe(sb, "", getClass().getSimpleName());
        return sb.toString();
    }

    private void describe(StringBuilder sb, String indent, String name) {
        sb.append(indent).append(name).append(" (").append(getClass().getSimpleName()).append(')');
        for (var e : params.entrySet()) sb.append(' ').append(e.getKey()).append(e.getValue().shape());
        sb.append('\n');
        for (var e : children.entrySet()) e.getValue().describe(sb, indent + "  ", e.getKey());
    }

    /** Checks that {@code x} has the given trailing dimension, for a layer's error messages. */
    protected static void checkLastDim(String layer, Shape x, int expected) {
        if (x.rank() == 0 || x.dim(-1) != expected)
            throw new IllegalArgumentException(layer + " expects inputs [..., " + expected + "], got " + x);
    }
}
