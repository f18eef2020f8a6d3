// Your JavaScript goes here. You will start in step 2.
