"""The reflection's conversations: reflect, my reflections, mentors' reading, notices and texts."""
