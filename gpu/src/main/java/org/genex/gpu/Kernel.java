package org.genex.gpu;

/**
 * Every kernel of genex.cu the host launches, with its parameter signature: one letter per parameter,
 * {@code i} int, {@code f} float, {@code p} device pointer (a raw address, {@code long}), {@code s} a struct by
 * value ({@link Strided} or {@link ReducePlan}, an {@code int[]}). {@link #pack} checks every launch's arguments
 * against it, and a test checks it against the PTX's {@code .entry} declarations, so a renamed kernel or a changed
 * parameter list fails without a GPU.
 */
public enum Kernel {
    EMPTY("empty_kernel", ""),
    UNARY("unary_f", "ippi"),
    UNARY_BWD("unary_bwd", "ippppi"),
    BINARY("binary_f", "ipppis"),
    BINARY_SCALAR("binary_scalar", "ipfpi"),
    COMPARE("compare_f", "ipppis"),
    WHERE("where_f", "ppppis"),
    CLAMP("clamp_f", "pffpi"),
    REDUCE_ROWS("reduce_rows", "ippiiis"),
    REDUCE_COLS("reduce_cols", "ippiiis"),
    ARG_EXT("arg_ext", "ippiii"),
    SOFTMAX("softmax_rows", "ippiii"),
    SOFTMAX_BWD("softmax_bwd_rows", "ipppiii"),
    INDEX_SELECT("index_select", "pppiiii"),
    INDEX_ADD("index_add", "pppiiii"),
    GATHER_SCATTER("gather_scatter", "ipppiis"),
    TOPK("topk_rows", "pppiiii"),
    PERMUTE("permute_f", "ppis"),
    SLICE("slice_f", "ppiiiii"),
    SLICE_WRITE("slice_write", "ppiiiiii"),
    FLIP("flip_f", "ppiii"),
    ADAM("adam_f", "ppppifffffff"),
    SPMM("spmm_csr", "pppppiif"),
    SDDMM("sddmm_csr", "pppppiii"),
    NORM_FWD("norm_fwd", "ippppppiif"),
    NORM_BWD("norm_bwd", "ippppppii"),
    NORM_BWD_PARAMS("norm_bwd_params", "ippppppii"),
    CE_FWD("ce_fwd", "pppppiiif"),
    CE_BWD("ce_bwd", "pppppiiiff"),
    SCAN_FWD("scan_fwd", "ppppppppp" + "iiiiii"),
    SCAN_BWD("scan_bwd", "pppppppppppppppp" + "iiiiii"),
    SUM_BATCHES("sum_batches", "ppii"),
    DWCONV_FWD("dwconv_fwd", "ppppiiii"),
    DWCONV_BWD_X("dwconv_bwd_x", "pppiiii"),
    DWCONV_BWD_W("dwconv_bwd_w", "ppppiiii"),
    IM2COL("im2col_f", "pp" + "iiiiiiiiiiii"),
    COL2IM("col2im_f", "pp" + "iiiiiiiiiiii");

    /** The name of the PTX module (resource {@code org/genex/gpu/genex.ptx}) that holds every kernel. */
    public static final String MODULE = "genex.ptx";

    private final String entry;
    private final String signature;

    Kernel(String entry, String signature) {
        this.entry = entry;
        this.signature = signature;
    }

    /** The {@code .entry} name in the PTX. */
    public String entry() { return entry; }

    /** One letter per parameter: i, f, p or s. */
    public String signature() { return signature; }

    /**
     * The launch arguments as the driver wants them: one small array per parameter (int[1], float[1], long[1] or
     * the struct's int[]). Throws an IllegalArgumentException naming the kernel when the arguments do not match
     * the signature.
     */
    public Object[] pack(Object... args) {
        if (args.length != signature.length())
            throw new IllegalArgumentException("kernel " + entry + " takes " + signature.length() + " arguments ("
                    + signature + "), got " + args.length);
        Object[] out = new Object[args.length];
        for (int i = 0; i < args.length; i++) {
            char c = signature.charAt(i);
            Object a = args[i];
            out[i] = switch (c) {
                case 'i' -> a instanceof Integer v ? new int[]{v} : bad(i, c, a);
                case 'f' -> a instanceof Float v ? new float[]{v} : bad(i, c, a);
                case 'p' -> a instanceof Long v ? new long[]{v} : bad(i, c, a);
                case 's' -> a instanceof int[] v && (v.length == Strided.INTS || v.length == ReducePlan.INTS)
                        ? v : bad(i, c, a);
                default -> throw new IllegalStateException("signature letter " + c);
            };
        }
        return out;
    }

    private Object bad(int i, char c, Object a) {
        throw new IllegalArgumentException("kernel " + entry + ": argument " + i + " must be "
                + switch (c) { case 'i' -> "an int"; case 'f' -> "a float"; case 'p' -> "a device address (long)";
                               default -> "a struct (int[])"; }
                + ", got " + (a == null ? "null" : a.getClass().getSimpleName()));
    }
}
