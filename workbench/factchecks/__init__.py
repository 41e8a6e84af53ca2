"""Published fact-checks: reading ClaimReview, the library, and finding claims checked before."""
