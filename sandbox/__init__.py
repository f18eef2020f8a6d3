"""sandbox: beginners build their first mobile app in the browser."""
