"""How the app looks: the theme (palettes, tone colours), the fonts, the highlight colours and the
cells every list draws."""
