// Count here.
