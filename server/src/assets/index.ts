// The assets feature's public face: other features import from here, never from its files.
