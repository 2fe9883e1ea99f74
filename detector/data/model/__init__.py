"""The shipped default model (``model.json`` + ``card.json``), read with importlib.resources."""
