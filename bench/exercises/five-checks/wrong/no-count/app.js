// Forgot to count.
