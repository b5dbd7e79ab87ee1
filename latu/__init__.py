"""Latu: employee-driven continuous development for the public sector."""
