"""From article text to claims: sentences, kinds, signals, worthiness and consistency flags."""
