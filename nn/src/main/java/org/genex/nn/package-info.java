/**
 * Neural-network building blocks with PyTorch's names, shapes, defaults and initialisation, so that PyTorch state
 * dicts load unchanged ({@link org.genex.nn.Module#loadStateDict}). Every layer is a {@link org.genex.nn.Module};
 * those with one input and one output are also a {@link org.genex.nn.Layer}. Inputs are batch-first.
 *
 * <table>
 *   <caption>Layers and their PyTorch equivalents</caption>
 *   <tr><th>genex</th><th>PyTorch</th><th>parameters (state-dict keys)</th></tr>
 *   <tr><td>{@link org.genex.nn.Linear}</td><td>{@code nn.Linear}</td><td>weight [out, in], bias [out]</td></tr>
 *   <tr><td>{@link org.genex.nn.Embedding}</td><td>{@code nn.Embedding(num, dim, padding_idx)}</td>
 *       <td>weight [num, dim]</td></tr>
 *   <tr><td>{@link org.genex.nn.LayerNorm}</td><td>{@code nn.LayerNorm(dim, eps, elementwise_affine, bias)}</td>
 *       <td>weight [dim], bias [dim]</td></tr>
 *   <tr><td>{@link org.genex.nn.RMSNorm}</td><td>{@code nn.RMSNorm(dim, eps, elementwise_affine)}</td>
 *       <td>weight [dim]</td></tr>
 *   <tr><td>{@link org.genex.nn.Dropout}</td><td>{@code nn.Dropout(p)} (masks from a forked, counted stream)</td>
 *       <td>none</td></tr>
 *   <tr><td>{@link org.genex.nn.ReLU}, {@link org.genex.nn.GELU}, {@link org.genex.nn.SiLU},
 *       {@link org.genex.nn.Tanh}</td><td>{@code nn.ReLU}, {@code nn.GELU(approximate)}, {@code nn.SiLU},
 *       {@code nn.Tanh}</td><td>none</td></tr>
 *   <tr><td>{@link org.genex.nn.Sine}</td><td>SIREN's {@code torch.sin(omega_0 * x)}</td><td>none</td></tr>
 *   <tr><td>{@link org.genex.nn.MLP}</td><td>a {@code nn.ModuleList} of {@code nn.Linear} with activations
 *       (torchvision's {@code ops.MLP} numbers its Linear layers 0, 3, 6, ...)</td>
 *       <td>layers.i.weight, layers.i.bias</td></tr>
 *   <tr><td>{@link org.genex.nn.MultiHeadAttention}</td><td>{@code nn.MultiheadAttention(..., batch_first=True)}</td>
 *       <td>in_proj_weight [3E, E] (or q_proj_weight, k_proj_weight, v_proj_weight), in_proj_bias [3E],
 *       out_proj.weight, out_proj.bias</td></tr>
 *   <tr><td>{@link org.genex.nn.TransformerEncoderLayer}</td>
 *       <td>{@code nn.TransformerEncoderLayer(..., batch_first=True, norm_first)}</td>
 *       <td>self_attn.*, linear1.*, linear2.*, norm1.*, norm2.*</td></tr>
 *   <tr><td>{@link org.genex.nn.TransformerEncoder}</td><td>{@code nn.TransformerEncoder(layer, num_layers, norm)}</td>
 *       <td>layers.N.*, norm.*</td></tr>
 *   <tr><td>{@link org.genex.nn.Conv2d}</td><td>{@code nn.Conv2d} (groups 1, dilation 1, zero padding)</td>
 *       <td>weight [out, in, kh, kw], bias [out]</td></tr>
 *   <tr><td>{@link org.genex.nn.CausalConv1d}</td><td>{@code nn.Conv1d(C, C, k, groups=C, padding=k-1)[..., :L]}
 *       (Mamba's conv1d), channels-last input [b, L, C]</td><td>weight [C, 1, k], bias [C]</td></tr>
 *   <tr><td>{@link org.genex.nn.RotaryEmbedding}</td><td>HF LLaMA / GPT-NeoX rotary embedding
 *       ({@code rotate_half})</td><td>none</td></tr>
 *   <tr><td>{@link org.genex.nn.SinusoidalPositionalEncoding}</td><td>the Transformer paper's encoding (the PyTorch
 *       tutorial's {@code PositionalEncoding} without its dropout)</td><td>buffer pe [maxLen, dim]</td></tr>
 *   <tr><td>{@link org.genex.nn.LearnedPositionalEmbedding}</td><td>{@code nn.Embedding(max_len, dim)} of
 *       positions (BERT's {@code position_embeddings})</td><td>weight [maxLen, dim]</td></tr>
 *   <tr><td>{@link org.genex.nn.Sequential}, {@link org.genex.nn.ModuleList}</td>
 *       <td>{@code nn.Sequential}, {@code nn.ModuleList}</td><td>0.*, 1.*, ...</td></tr>
 * </table>
 *
 * <p>Randomness comes from an explicit {@link org.genex.tensor.Rng} given to each constructor (initialisation, and
 * the streams of dropout masks), never from a hidden global. Each class states where it differs from PyTorch.
 * Optimizers are in {@link org.genex.nn.optim}.
 */
package org.genex.nn;
