//! Screen orientation shared by every platform: what the host pushed, else the platform's own
//! sensor or display reading.
