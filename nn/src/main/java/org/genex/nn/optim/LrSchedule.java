package org.genex.nn.optim;

/**
 * A learning-rate schedule: the factor of each group's base learning rate at every optimizer step, applied with
 * {@link Optimizer#scaleLr(double)} before the step. Steps count from 0: {@code factor(0)} is used by the first
 * update (PyTorch's {@code LambdaLR} convention: the lambda of epoch 0 is applied at construction, then
 * {@code scheduler.step()} follows each {@code optimizer.step()}). A schedule is a pure function of the step, so a
 * resumed run needs nothing saved but the step count.
 *
 * <pre>{@code
 * LrSchedule s = LrSchedule.cosineWithWarmup(100, 10_000, 0.1);   // 0 -> 1 over 100 steps, then cosine to 0.1
 * LrSchedule t = LrSchedule.warmup(500, LrSchedule.stepDecay(1000, 0.5));
 * }</pre>
 *
 * The warm-up and decay formulas are those of Hugging Face's {@code transformers.get_*_schedule_with_warmup}
 * (warm-up factor {@code step / warmup}, 0 at the first step); the step decay is PyTorch's {@code StepLR}.
 */
@FunctionalInterface
public interface LrSchedule {
    /** The factor of the base learning rate for optimizer step {@code step} (0-based). */
    double factor(long step);

    /** Always 1. */
    static LrSchedule constant() { return step -> 1.0; }

    /**
     * Cosine decay from 1 at step 0 to {@code floor} at step {@code steps}, and {@code floor} after:
     * {@code c (1 - floor) + floor} with {@code c = 0.5 (1 + cos(pi min(step, steps) / steps))} (Hugging Face's
     * {@code get_cosine_with_min_lr_schedule_with_warmup} after its warm-up, with {@code min_lr_rate = floor};
     * Hugging Face lets the cosine rise again past the end, this one stays at the floor).
     */
    static LrSchedule cosine(long steps, double floor) {
        checkSteps("cosine", steps);
        checkFactor("cosine floor", floor);
        return step -> {
            double progress = (double) Math.min(step, steps) / steps;
            double c = 0.5 * (1.0 + Math.cos(Math.PI * progress));
            return c * (1.0 - floor) + floor;
        };
    }

    /**
     * Linear decay from 1 at step 0 to {@code end} at step {@code steps}, and {@code end} after:
     * {@code ((steps - s) + end s) / steps} with {@code s = min(step, steps)} (for {@code end = 0} exactly Hugging
     * Face's {@code get_linear_schedule_with_warmup} after its warm-up).
     */
    static LrSchedule linear(long steps, double end) {
        checkSteps("linear decay", steps);
        checkFactor("linear decay end", end);
        return step -> {
            long s = Math.min(step, steps);
            return ((double) (steps - s) + end * s) / steps;
        };
    }

    /** {@code gamma^(step / every)} (integer division), PyTorch's {@code StepLR(step_size=every, gamma)}. */
    static LrSchedule stepDecay(long every, double gamma) {
        checkSteps("step decay", every);
        if (!(gamma > 0)) throw new IllegalArgumentException("step decay: gamma must be > 0, got " + gamma);
        return step -> Math.pow(gamma, step / every);
    }

    /** Linear warm-up from 0 at step 0 to 1 at step {@code steps}, then 1 (Hugging Face's constant with warm-up). */
    static LrSchedule linearWarmup(long steps) { return warmup(steps, 0.0, constant()); }

    /**
     * {@code steps} steps of linear warm-up from 0, then {@code main} started afresh: {@code step / steps} before,
     * {@code main.factor(step - steps)} from step {@code steps} on.
     */
    static LrSchedule warmup(long steps, LrSchedule main) { return warmup(steps, 0.0, main); }

    /**
     * Linear warm-up from {@code startFactor} at step 0 (PyTorch's {@code LinearLR} takes 1/3, Hugging Face 0) to
     * {@code main}'s start: {@code startFactor + (1 - startFactor) step / steps} for {@code step < steps}, then
     * {@code main.factor(step - steps)}. With {@code steps == 0}, {@code main} itself.
     */
    static LrSchedule warmup(long steps, double startFactor, LrSchedule main) {
        if (steps < 0) throw new IllegalArgumentException("warm-up steps must be >= 0, got " + steps);
        checkFactor("warm-up start factor", startFactor);
        if (main == null) throw new IllegalArgumentException("warm-up: the main schedule is null");
        if (steps == 0) return main;
        return step -> step < steps ? startFactor + (1.0 - startFactor) * ((double) step / steps)
                : main.factor(step - steps);
    }

    /**
     * Hugging Face's cosine schedule with warm-up and a floor: {@code warmup(warmupSteps, cosine(totalSteps -
     * warmupSteps, floor))}.
     */
    static LrSchedule cosineWithWarmup(long warmupSteps, long totalSteps, double floor) {
        checkTotal(warmupSteps, totalSteps);
        return warmup(warmupSteps, cosine(totalSteps - warmupSteps, floor));
    }

    /** Hugging Face's linear schedule with warm-up: {@code warmup(warmupSteps, linear(totalSteps - warmupSteps, 0))}. */
    static LrSchedule linearWithWarmup(long warmupSteps, long totalSteps) {
        checkTotal(warmupSteps, totalSteps);
        return warmup(warmupSteps, linear(totalSteps - warmupSteps, 0.0));
    }

    private static void checkSteps(String what, long steps) {
        if (steps <= 0) throw new IllegalArgumentException(what + ": the number of steps must be > 0, got " + steps);
    }

    private static void checkFactor(String what, double f) {
        if (!(f >= 0 && f <= 1)) throw new IllegalArgumentException(what + " must be in [0, 1], got " + f);
    }

    private static void checkTotal(long warmupSteps, long totalSteps) {
        if (warmupSteps < 0 || totalSteps <= warmupSteps)
            throw new IllegalArgumentException("schedule: need 0 <= warm-up steps < total steps, got " + warmupSteps
                    + " and " + totalSteps);
    }
}
