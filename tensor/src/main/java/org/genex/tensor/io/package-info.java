/**
 * Reading and writing tensors in the <a href="https://github.com/huggingface/safetensors">safetensors</a> format,
 * the weight format of PyTorch and Hugging Face models: an 8-byte little-endian header length {@code N}, {@code N}
 * bytes of JSON describing each tensor ({@code dtype}, {@code shape}, {@code data_offsets} into the data buffer)
 * plus an optional string map {@code __metadata__}, then the raw little-endian, row-major data.
 *
 * <ul>
 *   <li>{@link org.genex.tensor.io.SafetensorsFile} opens a file, validates its header completely (the files are
 *       untrusted: nothing sized by the header is allocated before the header has been checked against the file,
 *       and the tensors must cover the data exactly) and memory-maps the data; each tensor is available as a
 *       zero-copy byte view or converted to a float32 {@link org.genex.tensor.Tensor} or to Java arrays.</li>
 *   <li>{@link org.genex.tensor.io.SafetensorsWriter} writes files byte for byte as the reference writer does
 *       (dtype order, name order, compact JSON, header padded to a multiple of 8), atomically.</li>
 *   <li>{@link org.genex.tensor.io.DType} lists every safetensors dtype in the reference's order;
 *       {@link org.genex.tensor.io.HalfFloats} converts float32 to and from F16 and BF16.</li>
 *   <li>A broken file gives a {@link org.genex.tensor.io.SafetensorsException} (an {@code IOException}) whose
 *       message names the file, the tensor or field, and what was expected.</li>
 * </ul>
 *
 * <p>The header JSON is read by a small strict parser of this package (no dependency). Reading is thread-safe once
 * a file is open; writers are not. Conversions are plain loops over the mapped bytes (bulk copies for F32, I64 and
 * U64); the memory map means opening a multi-gigabyte file costs only its header.
 *
 * <p>Reference: {@code huggingface/safetensors}, {@code safetensors/src/tensor.rs}; the rules and the fixture are
 * described in {@code specs/formats.md}, section 4.
 */
package org.genex.tensor.io;
