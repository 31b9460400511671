package org.genex.tensor;

/** Host storage: one Java {@code float[]}. */
public record HeapStorage(float[] array) implements Storage {
    public HeapStorage {
        if (array == null) throw new IllegalArgumentException("array is null");
    }

    @Override
    public Device device() { return Device.CPU; }

    @Override
    public int capacity() { return array.length; }
}
