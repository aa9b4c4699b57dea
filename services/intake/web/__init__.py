"""The pages people read (staff console, owner and person portal), apart from the write side."""
