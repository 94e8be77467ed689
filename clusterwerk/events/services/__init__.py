"""The events app's writes, one module per part (import the module you need)."""
