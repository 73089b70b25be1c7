"""Designs: the model of a t-shirt design (rendering and mockups come with the designs issue)."""
