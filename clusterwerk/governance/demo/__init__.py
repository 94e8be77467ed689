"""Demo content of the bodies (development and demonstrations): `bodies.seed_bodies`."""
