package dev.devprobe;

/** A declared purpose of collection. Each fact of a {@link Report} serves exactly one. */
public enum Purpose {
    /** Brand, model, OS version: tell devices and OS versions apart ({@code "compatibility"}). */
    COMPATIBILITY(1),
    /** IP address: choose the media server ({@code "server_selection"}). */
    SERVER_SELECTION(2),
    /** Network access type: judge network access ({@code "connectivity"}). */
    CONNECTIVITY(4),
    /** Screen orientation: turn the video picture ({@code "video_orientation"}). */
    VIDEO_ORIENTATION(8);

    final int bit;

    Purpose(int bit) {
        this.bit = bit;
    }

    static int mask(Purpose... purposes) {
        if (purposes == null) {
            throw new DevprobeException(DevprobeException.Code.INVALID_ARGUMENT, "purposes is null");
        }
        int mask = 0;
        for (Purpose p : purposes) {
            if (p == null) {
                throw new DevprobeException(DevprobeException.Code.INVALID_ARGUMENT, "a purpose is null");
            }
            mask |= p.bit;
        }
        return mask;
    }
}
